-- Records a batch's reads in the detection windows of audit-service's streaming rules (StreamingDetector) and
-- counts each (read, rule) pair's window, pair after pair in the order given (the reads' occurredAt order).
--
-- A series is one account and rule. KEYS, per series s = 1..S: [2s-1] its window (sorted set of event ids scored by
-- occurredAt ms), [2s] its alerted mark. Every key of the call shares the suite's hash tag {wg} (one hash slot).
-- ARGV: [1] max evidence ids, [2] S, then per series 2 values from [3]: window (ms), TTL (ms);
-- then per pair 4 values: series, event id, score (ms), the role's maximum.
--
-- Per pair, in order: ZADD NX (a redelivered read counts nothing twice), then the count of the window ending at the
-- newest read of the series. The first pair of a series whose count exceeds its maximum is returned, with the count
-- and the evidence (the newest max-evidence ids of that window, oldest first), unless an alert of the rule is in
-- place (alerted mark). This script raises nothing: the raise script does, for a returned pair, checking the mark
-- again and, enforce, the account's suspension, atomically. A read recorded before (its batch failed after this
-- call) is counted like a new one, so a batch fed again raises what it did not raise the first time; the alerted
-- mark keeps that to one alert per window. Last, each window is trimmed of what no window can use any more (older
-- than its newest read minus the window) and gets its TTL.
--
-- Returns {pair, count, evidence, pair, count, evidence, ...}: empty in the common case.
local maxEvidence = tonumber(ARGV[1])
local series = tonumber(ARGV[2])
local top = {}
local decided = {}
local raise = {}
local pair = 0
for p = 3 + 2 * series, #ARGV, 4 do
  pair = pair + 1
  local s = tonumber(ARGV[p])
  local key = KEYS[2 * s - 1]
  local added = redis.call('ZADD', key, 'NX', ARGV[p + 2], ARGV[p + 1])
  if top[s] == nil then
    top[s] = tonumber(redis.call('ZREVRANGE', key, 0, 0, 'WITHSCORES')[2])
  elseif added == 1 then
    top[s] = math.max(top[s], tonumber(ARGV[p + 2]))
  end
  if not decided[s] then
    local from = string.format('%.0f', top[s] - tonumber(ARGV[2 * s + 1]))
    local upto = string.format('%.0f', top[s])
    local count = redis.call('ZCOUNT', key, '(' .. from, upto)
    if count > tonumber(ARGV[p + 3]) then
      decided[s] = true
      if redis.call('EXISTS', KEYS[2 * s]) == 0 then
        local newestFirst = redis.call('ZREVRANGEBYSCORE', key, upto, '(' .. from, 'LIMIT', 0, maxEvidence)
        local ids = {}
        for i = #newestFirst, 1, -1 do ids[#ids + 1] = newestFirst[i] end
        raise[#raise + 1] = pair
        raise[#raise + 1] = count
        raise[#raise + 1] = table.concat(ids, ',')
      end
    end
  end
end
for s = 1, series do
  local key = KEYS[2 * s - 1]
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. string.format('%.0f', top[s] - tonumber(ARGV[2 * s + 1])))
  redis.call('PEXPIRE', key, ARGV[2 * s + 2])
end
return raise
