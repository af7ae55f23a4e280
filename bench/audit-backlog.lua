-- How far audit ingest is behind, read from Redis in one call (bench.sh samples it a few times a
-- second): the age in ms of the oldest entry of stream KEYS[1] that consumer group ARGV[1] has not
-- acknowledged yet (pending, or not delivered at all), 0 when it is caught up; and how many
-- entries are not delivered yet. An entry id's first part is the time Redis appended it, so the age
-- is the time an event has waited to be stored in the hash chain so far.
-- Returns {age_ms, undelivered_entries, pending_entries, now_ms}.
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local last = nil
for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local info = {}
  for i = 1, #g, 2 do info[g[i]] = g[i + 1] end
  if info['name'] == ARGV[1] then last = info['last-delivered-id'] end
end
if last == nil then return {-1, -1, -1, now_ms} end
local pending = redis.call('XPENDING', KEYS[1], ARGV[1])
local oldest = nil
if tonumber(pending[1]) > 0 then oldest = pending[2] end
-- the first entry after the last delivered one, if any
local next_entry = redis.call('XRANGE', KEYS[1], '(' .. last, '+', 'COUNT', 1)
if oldest == nil and #next_entry > 0 then oldest = next_entry[1][1] end
if oldest == nil then return {0, 0, 0, now_ms} end
local oldest_ms = tonumber(string.match(oldest, '^(%d+)'))
-- Redis 7 reports the undelivered count as 'lag'; older servers: -1 (unknown)
local undelivered = -1
for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  for i = 1, #g, 2 do
    if g[i] == 'name' and g[i + 1] ~= ARGV[1] then break end
    if g[i] == 'lag' and type(g[i + 1]) == 'number' then undelivered = g[i + 1] end
  end
end
return {now_ms - oldest_ms, undelivered, tonumber(pending[1]), now_ms}
