-- The end of one read of waybill-service, atomic and in one round trip (service/GrantRedemption):
-- the suspension check, the grant's redemption, the read's audit append and, for a canary, the
-- HONEYTOKEN alert with (enforce mode) the suspension of the reader.
--
-- Every key the script touches is in KEYS, and all three share the suite's hash tag {wg}: one hash slot, as Redis
-- Cluster requires (docs/internals.md, "Key layout").
-- KEYS[1] the reader's suspension marker   (wg.suspension.key-prefix + sub)
-- KEYS[2] the grant's redemption record     (wg.grant.jti-key-prefix + jti)
-- KEYS[3] the audit stream                  (wg.audit.stream)
-- ARGV[1] value of the redemption record (the sub)
-- ARGV[2] the grant's expiry (its exp), epoch milliseconds
-- ARGV[3] the clock skew tolerated on that expiry, ms; ARGV[4] how long the record outlives the expiry, ms
--         (at least the skew)
-- ARGV[5] the read's audit event (JSON): WAYBILL_READ, or WAYBILL_READ_REFUSED for a policy refusal;
--         ARGV[6] and ARGV[7] its key id and signature (docs/internals.md, "Signed entries")
-- ARGV[8] 'none' | 'shadow' | 'enforce': what the read trips
-- ARGV[9] the ALERT_RAISED event (JSON), when ARGV[8] is not 'none'; ARGV[10], ARGV[11] its key id and signature
-- ARGV[12] the ACCOUNT_SUSPENDED event (JSON), when ARGV[8] is 'enforce'; ARGV[13], ARGV[14] its key id and
--          signature
-- ARGV[15] the suspension marker's value (JSON), when ARGV[8] is 'enforce'
--
-- One clock decides both whether the grant is still good and how long its record lives: Redis' own (TIME). A grant
-- is redeemed only up to its exp plus the skew, and its record lives until exp plus the grace, which is no shorter;
-- so no replica whose clock lags can redeem a grant whose record Redis already dropped.
--
-- Returns 'SUSPENDED' (nothing written, the grant stays unused), 'REPLAYED' (nothing written), 'EXPIRED' (by
-- Redis' clock; nothing written), 'AUDIT_FAILED' (the stream refused the event; nothing written), or 'OK'.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'SUSPENDED'
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 'REPLAYED'
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local expires = tonumber(ARGV[2])
if now > expires + tonumber(ARGV[3]) then
  return 'EXPIRED'
end
local appended = redis.pcall('XADD', KEYS[3], '*', 'event', ARGV[5], 'kid', ARGV[6], 'sig', ARGV[7])
if type(appended) == 'table' and appended.err then
  return 'AUDIT_FAILED'
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', expires + tonumber(ARGV[4]) - now)
if ARGV[8] == 'enforce' then
  redis.call('SET', KEYS[1], ARGV[15])
end
if ARGV[8] ~= 'none' then
  redis.call('XADD', KEYS[3], '*', 'event', ARGV[9], 'kid', ARGV[10], 'sig', ARGV[11])
end
if ARGV[8] == 'enforce' then
  redis.call('XADD', KEYS[3], '*', 'event', ARGV[12], 'kid', ARGV[13], 'sig', ARGV[14])
end
return 'OK'
