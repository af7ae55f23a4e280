-- Check-and-consume of all quota windows of one account, atomically, in one round trip.
-- KEYS[1] override hash of the account (fields perMinute, perHour, perDay)
-- KEYS[2] counter key prefix of the account
-- KEYS[3] counter key prefix of the outlet (optional)
-- ARGV[1] '1' to consume one unit, '0' to only read
-- ARGV[2..4] role default limits per minute, hour, day; ARGV[5] outlet daily ceiling
-- ARGV[6] now, in epoch seconds (the gateway's clock: the script reads no clock of its own)
-- Returns {denied, limit1, used1, reset1, limit2, used2, reset2, ...}; nothing is consumed when
-- any window would be exceeded. Fixed windows aligned on epoch seconds (UTC), the same for all replicas.
local now = tonumber(ARGV[6])
local sizes = {60, 3600, 86400, 86400}
local limits = {tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])}
local override = redis.call('HMGET', KEYS[1], 'perMinute', 'perHour', 'perDay')
for i = 1, 3 do
  if override[i] then limits[i] = tonumber(override[i]) end
end
local n = 3
if #KEYS >= 3 then n = 4 end
local keys, used, resets = {}, {}, {}
local denied = 0
for i = 1, n do
  local start = now - (now % sizes[i])
  local prefix = KEYS[2]
  if i == 4 then prefix = KEYS[3] end
  keys[i] = prefix .. ':' .. sizes[i] .. ':' .. start
  used[i] = tonumber(redis.call('GET', keys[i]) or '0')
  resets[i] = start + sizes[i] - now
  if ARGV[1] == '1' and used[i] + 1 > limits[i] then denied = 1 end
end
if ARGV[1] == '1' and denied == 0 then
  for i = 1, n do
    used[i] = redis.call('INCR', keys[i])
    if used[i] == 1 then redis.call('EXPIRE', keys[i], sizes[i] + 60) end
  end
end
local out = {denied}
for i = 1, n do
  table.insert(out, limits[i])
  table.insert(out, used[i])
  table.insert(out, resets[i])
end
return out
