-- Puts back a suspension marker that vanished while the audit trail says the account is suspended, and raises
-- the alert about it, both or neither; only if the marker is still missing, so that of several audit-service
-- replicas reconciling at once one restores and alerts.
-- KEYS[1] the account's suspension marker   KEYS[2] the audit stream (both with the suite's hash tag {wg}: one slot)
-- ARGV[1] the marker's value   ARGV[2], ARGV[3], ARGV[4] the alert event, its key id and signature
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  return 0
end
redis.call('XADD', KEYS[2], '*', 'event', ARGV[2], 'kid', ARGV[3], 'sig', ARGV[4])
return 1
