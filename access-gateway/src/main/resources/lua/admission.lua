-- Admission of one grant request, atomically, in one round trip: suspended? -> quota -> detection -> consume.
-- Every key the script touches is in KEYS (Redis Cluster routes and checks a script by them), and every key shares
-- the hash tag {wg}, so that they all live in one hash slot (docs/internals.md, "Key layout").
-- KEYS[1] quota override hash of the account (fields perMinute, perHour, perDay)
-- KEYS[2] the account's grant log: a sorted set of its grants of the last hour (member: request id, score: ms),
--         which the sliding minute and hour windows count
-- KEYS[3] the account's counter of its local day, KEYS[4] the shared counter of that day: of the account's outlet,
--         or, for an account without one, of its role (the gateway names both by the local date)
-- KEYS[5] suspension marker of the account
-- KEYS[6], KEYS[7] ENUMERATION: numbers by time asked, numbers by numeric part (members: the waybill numbers)
-- KEYS[8], KEYS[9] SHARED_ACCOUNT: device hashes, networks (score: last seen)
-- KEYS[10] VOLUME: grant requests by time
-- KEYS[11..13] shadow alert dedup of ENUMERATION, SHARED_ACCOUNT, VOLUME (value: until when, in ms)
-- KEYS[14] ENUMERATION: the numbers of the window that have a near neighbour (a set, kept up to date here)
-- KEYS[15] the audit stream
-- ARGV[1] 'admit' (check, detect and consume) or 'peek' (read the quota windows only)
-- ARGV[2..5] limits per minute, hour, day (role defaults; the override replaces them); the shared daily ceiling
-- ARGV[6] seconds until the local day ends; ARGV[7] time to live of a new daily counter, ms (a little longer)
-- ARGV[8] now, epoch milliseconds (the gateway's clock: the script reads none, so tests can move time)
-- ARGV[9] waybill number; ARGV[10] its numeric part; ARGV[11] device hash; ARGV[12] network ('' unknown)
-- ARGV[13] unique id of this request; ARGV[14] alert id, ARGV[15] 'by', ARGV[16] 'at' of a suspension marker
-- ARGV[17..20] ENUMERATION mode, window ms, distance, max linked
-- ARGV[21..24] SHARED_ACCOUNT mode, window ms, max devices, max networks
-- ARGV[25..27] VOLUME mode, window ms, max grants
-- ARGV[28] the GRANT_ISSUED audit event (JSON), appended to the audit stream when the grant is admitted, with its
-- ARGV[29] key id and ARGV[30] signature (docs/internals.md, "Signed entries")
-- Returns {outcome, {limit1, used1, reset1, ...}, trip...}: outcome 0 granted (trips: shadow alerts to report),
-- 1 quota exceeded, 2 already suspended, 3 an enforce trip (suspended now; the one trip follows). The windows are
-- minute, hour, day, shared day, each with its reset in seconds (see windows()).
-- A trip is {rule, mode, name1, value1, ...}. Nothing is consumed unless the outcome is 0, and then the GRANT_ISSUED
-- event is on the audit stream before any quota is counted (a failed XADD fails the script with nothing consumed).
local MINUTE, HOUR = 60000, 3600000
local nowms = tonumber(ARGV[8])
local grace = 60000
local limits = {tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])}
local override = redis.call('HMGET', KEYS[1], 'perMinute', 'perHour', 'perDay')
for i = 1, 3 do
  if override[i] then limits[i] = tonumber(override[i]) end
end

-- A sliding window of the grant log: the grants of the last `size` ms (a grant at t counts while now < t + size),
-- and the seconds until enough of the oldest of them have left it that one more would be admitted (rounded up, at
-- least 1): until the (used - limit + 1)-th oldest leaves, or the oldest when there is room. An empty window
-- reports its full length. No boundary doubles a limit: any `size` ms hold at most `limit` grants.
local function sliding(limit, size)
  local from = '(' .. (nowms - size)
  local used = redis.call('ZCOUNT', KEYS[2], from, '+inf')
  local wait = size
  local leaving = redis.call('ZRANGEBYSCORE', KEYS[2], from, '+inf', 'WITHSCORES', 'LIMIT', math.max(0, used - limit), 1)
  if #leaving == 2 then wait = tonumber(leaving[2]) + size - nowms end
  return limit, used, math.max(1, math.ceil(wait / 1000))
end

-- every window as {limit1, used1, reset1, ...}: minute and hour (sliding), the account's day and the shared day
-- (calendar days of the account's zone, which reset at its local midnight)
local function windows()
  local out = {}
  local function add(limit, used, reset)
    table.insert(out, limit)
    table.insert(out, used)
    table.insert(out, reset)
  end
  add(sliding(limits[1], MINUTE))
  add(sliding(limits[2], HOUR))
  add(limits[3], tonumber(redis.call('GET', KEYS[3]) or '0'), tonumber(ARGV[6]))
  add(limits[4], tonumber(redis.call('GET', KEYS[4]) or '0'), tonumber(ARGV[6]))
  return out
end

local current = windows()
local denied = false
for i = 1, #current, 3 do
  if current[i + 1] + 1 > current[i] then denied = true end
end
if ARGV[1] == 'peek' then return {0, current} end
if redis.call('EXISTS', KEYS[5]) == 1 then return {2, current} end
if denied then return {1, current} end

-- detection on the would-be grant: this request is recorded in every window
local trips = {}

-- ENUMERATION: numbers in the window that have a near neighbour (numeric parts 1..distance apart). The set of
-- linked numbers is kept up to date as numbers enter and leave the window, so that each request costs a few
-- range lookups (O(log n)) instead of a scan of the whole window.
local ewin = tonumber(ARGV[18])
local distance = tonumber(ARGV[19])
-- the numbers 1..distance below or above a numeric part (members of the window at other numeric parts)
local function neighbours(s)
  local below = redis.call('ZRANGEBYSCORE', KEYS[7], s - distance, s - 1)
  local above = redis.call('ZRANGEBYSCORE', KEYS[7], s + 1, s + distance)
  for i = 1, #above do below[#below + 1] = above[i] end
  return below
end
local expired = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', '(' .. (nowms - ewin))
for i = 1, #expired do
  local gone = expired[i]
  local s = tonumber(redis.call('ZSCORE', KEYS[7], gone))
  redis.call('ZREM', KEYS[6], gone)
  redis.call('ZREM', KEYS[7], gone)
  redis.call('SREM', KEYS[14], gone)
  if s then
    -- a neighbour of the number that left stays linked only if it has another neighbour
    local near = neighbours(s)
    for j = 1, #near do
      if #neighbours(tonumber(redis.call('ZSCORE', KEYS[7], near[j]))) == 0 then
        redis.call('SREM', KEYS[14], near[j])
      end
    end
  end
end
local known = redis.call('ZSCORE', KEYS[7], ARGV[9])
redis.call('ZADD', KEYS[6], ARGV[8], ARGV[9])
redis.call('ZADD', KEYS[7], ARGV[10], ARGV[9])
if not known then
  local near = neighbours(tonumber(ARGV[10]))
  if #near > 0 then
    redis.call('SADD', KEYS[14], ARGV[9])
    for j = 1, #near do redis.call('SADD', KEYS[14], near[j]) end
  end
end
redis.call('PEXPIRE', KEYS[6], ewin + grace)
redis.call('PEXPIRE', KEYS[7], ewin + grace)
redis.call('PEXPIRE', KEYS[14], ewin + grace)
local linked = redis.call('SCARD', KEYS[14])
local maxLinked = tonumber(ARGV[20])
if linked > maxLinked then
  table.insert(trips, {'ENUMERATION', ARGV[17], 'linked', linked, 'windowSeconds', math.floor(ewin / 1000),
    'threshold', maxLinked, 11, ewin})
end

-- SHARED_ACCOUNT: distinct devices and networks in the window
local swin = tonumber(ARGV[22])
redis.call('ZREMRANGEBYSCORE', KEYS[8], '-inf', '(' .. (nowms - swin))
redis.call('ZADD', KEYS[8], ARGV[8], ARGV[11])
redis.call('PEXPIRE', KEYS[8], swin + grace)
local devices = redis.call('ZCARD', KEYS[8])
redis.call('ZREMRANGEBYSCORE', KEYS[9], '-inf', '(' .. (nowms - swin))
if ARGV[12] ~= '' then redis.call('ZADD', KEYS[9], ARGV[8], ARGV[12]) end
redis.call('PEXPIRE', KEYS[9], swin + grace)
local networks = redis.call('ZCARD', KEYS[9])
local maxDevices, maxNetworks = tonumber(ARGV[23]), tonumber(ARGV[24])
if devices > maxDevices or networks > maxNetworks then
  local threshold = maxDevices
  if devices <= maxDevices then threshold = maxNetworks end
  table.insert(trips, {'SHARED_ACCOUNT', ARGV[21], 'devices', devices, 'networks', networks,
    'windowSeconds', math.floor(swin / 1000), 'threshold', threshold, 12, swin})
end

-- VOLUME (burst): grant requests in the window
local vwin = tonumber(ARGV[26])
redis.call('ZREMRANGEBYSCORE', KEYS[10], '-inf', '(' .. (nowms - vwin))
redis.call('ZADD', KEYS[10], ARGV[8], ARGV[13])
redis.call('PEXPIRE', KEYS[10], vwin + grace)
local grants = redis.call('ZCARD', KEYS[10])
local maxGrants = tonumber(ARGV[27])
if grants > maxGrants then
  table.insert(trips, {'VOLUME', ARGV[25], 'grants', grants, 'windowSeconds', math.floor(vwin / 1000),
    'threshold', maxGrants, 13, vwin})
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
    redis.call('SET', KEYS[5], marker)
    return {3, current, strip(trip)}
  end
end

redis.call('XADD', KEYS[15], '*', 'event', ARGV[28], 'kid', ARGV[29], 'sig', ARGV[30])
-- consume: the grant joins the account's log (which keeps the last hour) and both daily counters
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', nowms - HOUR)
redis.call('ZADD', KEYS[2], ARGV[8], ARGV[13])
redis.call('PEXPIRE', KEYS[2], HOUR + grace)
for _, day in ipairs({KEYS[3], KEYS[4]}) do
  if redis.call('INCR', day) == 1 then redis.call('PEXPIRE', day, ARGV[7]) end
end
local out = {0, windows()}
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
