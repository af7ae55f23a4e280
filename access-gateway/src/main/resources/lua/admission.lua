-- Admission of one grant request, atomically, in one round trip: suspended? -> quota -> detection -> consume.
-- Every key the script touches is in KEYS (Redis Cluster routes and checks a script by them), and every key shares
-- the hash tag {wg}, so that they all live in one hash slot (docs/internals.md, "Key layout").
-- KEYS[1] quota override hash of the account (fields perMinute, perHour, perDay)
-- KEYS[2], KEYS[3], KEYS[4] the account's quota counters of this request's minute, hour and day
-- KEYS[5] the outlet's quota counter of this request's day (used when ARGV[7] is '1')
-- KEYS[6] suspension marker of the account
-- KEYS[7], KEYS[8] ENUMERATION: numbers by time asked, numbers by numeric part (members: the waybill numbers)
-- KEYS[9], KEYS[10] SHARED_ACCOUNT: device hashes, networks (score: last seen)
-- KEYS[11] VOLUME: grant requests by time
-- KEYS[12..14] shadow alert dedup of ENUMERATION, SHARED_ACCOUNT, VOLUME (value: until when, in ms)
-- KEYS[15] ENUMERATION: the numbers of the window that have a near neighbour (a set, kept up to date here)
-- KEYS[16] the audit stream
-- ARGV[1] 'admit' (check, detect and consume) or 'peek' (read the quota windows only)
-- ARGV[2..5] role default limits per minute, hour, day; outlet daily ceiling
-- ARGV[6] now, epoch seconds; ARGV[8] now, epoch milliseconds (the gateway's clock: the script reads none)
-- ARGV[7] '1' when the account has an outlet
-- ARGV[9] waybill number; ARGV[10] its numeric part; ARGV[11] device hash; ARGV[12] network ('' unknown)
-- ARGV[13] unique id of this request; ARGV[14] alert id, ARGV[15] 'by', ARGV[16] 'at' of a suspension marker
-- ARGV[17..20] ENUMERATION mode, window ms, distance, max linked
-- ARGV[21..24] SHARED_ACCOUNT mode, window ms, max devices, max networks
-- ARGV[25..27] VOLUME mode, window ms, max grants
-- ARGV[28] the GRANT_ISSUED audit event (JSON), appended to the audit stream when the grant is admitted, with its
-- ARGV[29] key id and ARGV[30] signature (docs/internals.md, "Signed entries")
-- Returns {outcome, {limit1, used1, reset1, ...}, trip...}: outcome 0 granted (trips: shadow alerts to report),
-- 1 quota exceeded, 2 already suspended, 3 an enforce trip (suspended now; the one trip follows).
-- A trip is {rule, mode, name1, value1, ...}. Nothing is consumed unless the outcome is 0, and then the GRANT_ISSUED
-- event is on the audit stream before any quota is counted (a failed XADD fails the script with nothing consumed).
local now = tonumber(ARGV[6])
local sizes = {60, 3600, 86400, 86400}
local limits = {tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])}
local override = redis.call('HMGET', KEYS[1], 'perMinute', 'perHour', 'perDay')
for i = 1, 3 do
  if override[i] then limits[i] = tonumber(override[i]) end
end
local n = 3
if ARGV[7] == '1' then n = 4 end
local keys, used, resets = {}, {}, {}
local denied = false
for i = 1, n do
  local start = now - (now % sizes[i])
  keys[i] = KEYS[1 + i]
  used[i] = tonumber(redis.call('GET', keys[i]) or '0')
  resets[i] = start + sizes[i] - now
  if used[i] + 1 > limits[i] then denied = true end
end
local function windows()
  local out = {}
  for i = 1, n do
    table.insert(out, limits[i])
    table.insert(out, used[i])
    table.insert(out, resets[i])
  end
  return out
end
if ARGV[1] == 'peek' then return {0, windows()} end
if redis.call('EXISTS', KEYS[6]) == 1 then return {2, windows()} end
if denied then return {1, windows()} end

-- detection on the would-be grant: this request is recorded in every window
local nowms = tonumber(ARGV[8])
local trips = {}
local grace = 60000

-- ENUMERATION: numbers in the window that have a near neighbour (numeric parts 1..distance apart). The set of
-- linked numbers is kept up to date as numbers enter and leave the window, so that each request costs a few
-- range lookups (O(log n)) instead of a scan of the whole window.
local ewin = tonumber(ARGV[18])
local distance = tonumber(ARGV[19])
-- the numbers 1..distance below or above a numeric part (members of the window at other numeric parts)
local function neighbours(s)
  local below = redis.call('ZRANGEBYSCORE', KEYS[8], s - distance, s - 1)
  local above = redis.call('ZRANGEBYSCORE', KEYS[8], s + 1, s + distance)
  for i = 1, #above do below[#below + 1] = above[i] end
  return below
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[7], '-inf', '(' .. (nowms - ewin))
for i = 1, #expired do
  local gone = expired[i]
  local s = tonumber(redis.call('ZSCORE', KEYS[8], gone))
  redis.call('ZREM', KEYS[7], gone)
  redis.call('ZREM', KEYS[8], gone)
  redis.call('SREM', KEYS[15], gone)
  if s then
    -- a neighbour of the number that left stays linked only if it has another neighbour
    local near = neighbours(s)
    for j = 1, #near do
      if #neighbours(tonumber(redis.call('ZSCORE', KEYS[8], near[j]))) == 0 then
        redis.call('SREM', KEYS[15], near[j])
      end
    end
  end
end
local known = redis.call('ZSCORE', KEYS[8], ARGV[9])
redis.call('ZADD', KEYS[7], ARGV[8], ARGV[9])
redis.call('ZADD', KEYS[8], ARGV[10], ARGV[9])
if not known then
  local near = neighbours(tonumber(ARGV[10]))
  if #near > 0 then
    redis.call('SADD', KEYS[15], ARGV[9])
    for j = 1, #near do redis.call('SADD', KEYS[15], near[j]) end
  end
end
redis.call('PEXPIRE', KEYS[7], ewin + grace)
redis.call('PEXPIRE', KEYS[8], ewin + grace)
redis.call('PEXPIRE', KEYS[15], ewin + grace)
local linked = redis.call('SCARD', KEYS[15])
local maxLinked = tonumber(ARGV[20])
if linked > maxLinked then
  table.insert(trips, {'ENUMERATION', ARGV[17], 'linked', linked, 'windowSeconds', math.floor(ewin / 1000),
    'threshold', maxLinked, 12, ewin})
end

-- SHARED_ACCOUNT: distinct devices and networks in the window
local swin = tonumber(ARGV[22])
redis.call('ZREMRANGEBYSCORE', KEYS[9], '-inf', '(' .. (nowms - swin))
redis.call('ZADD', KEYS[9], ARGV[8], ARGV[11])
redis.call('PEXPIRE', KEYS[9], swin + grace)
local devices = redis.call('ZCARD', KEYS[9])
redis.call('ZREMRANGEBYSCORE', KEYS[10], '-inf', '(' .. (nowms - swin))
if ARGV[12] ~= '' then redis.call('ZADD', KEYS[10], ARGV[8], ARGV[12]) end
redis.call('PEXPIRE', KEYS[10], swin + grace)
local networks = redis.call('ZCARD', KEYS[10])
local maxDevices, maxNetworks = tonumber(ARGV[23]), tonumber(ARGV[24])
if devices > maxDevices or networks > maxNetworks then
  local threshold = maxDevices
  if devices <= maxDevices then threshold = maxNetworks end
  table.insert(trips, {'SHARED_ACCOUNT', ARGV[21], 'devices', devices, 'networks', networks,
    'windowSeconds', math.floor(swin / 1000), 'threshold', threshold, 13, swin})
end

-- VOLUME (burst): grant requests in the window
local vwin = tonumber(ARGV[26])
redis.call('ZREMRANGEBYSCORE', KEYS[11], '-inf', '(' .. (nowms - vwin))
redis.call('ZADD', KEYS[11], ARGV[8], ARGV[13])
redis.call('PEXPIRE', KEYS[11], vwin + grace)
local grants = redis.call('ZCARD', KEYS[11])
local maxGrants = tonumber(ARGV[27])
if grants > maxGrants then
  table.insert(trips, {'VOLUME', ARGV[25], 'grants', grants, 'windowSeconds', math.floor(vwin / 1000),
    'threshold', maxGrants, 14, vwin})
end

-- the last two entries of a trip are its dedup key index and window: not returned
local function strip(trip)
  local out = {}
  for i = 1, #trip - 2 do out[i] = trip[i] end
  return out
end

for _, trip in ipairs(trips) do
  if trip[2] == 'enforce' then
    local marker = cjson.encode({reason = 'detection: ' .. trip[1] .. ' (alert ' .. ARGV[14] .. ')',
      by = ARGV[15], at = ARGV[16]})
    redis.call('SET', KEYS[6], marker)
    return {3, windows(), strip(trip)}
  end
end

redis.call('XADD', KEYS[16], '*', 'event', ARGV[28], 'kid', ARGV[29], 'sig', ARGV[30])
local out = {0}
for i = 1, n do
  used[i] = redis.call('INCR', keys[i])
  if used[i] == 1 then redis.call('EXPIRE', keys[i], sizes[i] + 60) end
end
table.insert(out, windows())
for _, trip in ipairs(trips) do
  local dedup = KEYS[trip[#trip - 1]]
  local window = trip[#trip]
  local expires = tonumber(redis.call('GET', dedup) or '0')
  if expires <= nowms then
    redis.call('SET', dedup, nowms + window, 'PX', window)
    table.insert(out, strip(trip))
  end
end
return out
