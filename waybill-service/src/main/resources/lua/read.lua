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
-- ARGV[2] its time to live in milliseconds
-- ARGV[3] the read's audit event (JSON): WAYBILL_READ, or WAYBILL_READ_REFUSED for a policy refusal;
--         ARGV[4] and ARGV[5] its key id and signature (docs/internals.md, "Signed entries")
-- ARGV[6] 'none' | 'shadow' | 'enforce': what the read trips
-- ARGV[7] the ALERT_RAISED event (JSON), when ARGV[6] is not 'none'; ARGV[8], ARGV[9] its key id and signature
-- ARGV[10] the ACCOUNT_SUSPENDED event (JSON), when ARGV[6] is 'enforce'; ARGV[11], ARGV[12] its key id and signature
-- ARGV[13] the suspension marker's value (JSON), when ARGV[6] is 'enforce'
--
-- Returns 'SUSPENDED' (nothing written, the grant stays unused), 'REPLAYED' (nothing written),
-- 'AUDIT_FAILED' (the stream refused the event; nothing written), or 'OK'.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 'SUSPENDED'
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  return 'REPLAYED'
end
local appended = redis.pcall('XADD', KEYS[3], '*', 'event', ARGV[3], 'kid', ARGV[4], 'sig', ARGV[5])
if type(appended) == 'table' and appended.err then
  return 'AUDIT_FAILED'
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
if ARGV[6] == 'enforce' then
  redis.call('SET', KEYS[1], ARGV[13])
end
if ARGV[6] ~= 'none' then
  redis.call('XADD', KEYS[3], '*', 'event', ARGV[7], 'kid', ARGV[8], 'sig', ARGV[9])
end
if ARGV[6] == 'enforce' then
  redis.call('XADD', KEYS[3], '*', 'event', ARGV[10], 'kid', ARGV[11], 'sig', ARGV[12])
end
return 'OK'
