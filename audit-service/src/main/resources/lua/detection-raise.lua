-- Raises one alert of audit-service's streaming rules (StreamingDetector), atomically, for a pair the record script
-- returned. KEYS: [1] the rule's alerted mark of the account, [2] the account's suspension marker, [3] the audit
-- stream. ARGV: [1] the tripping read's event id, [2] window (ms), [3] enforce (1/0), [4] ALERT_RAISED,
-- [5] the suspension marker's value and [6] ACCOUNT_SUSPENDED (enforce only, else empty), [7] [8] the key id and
-- signature of [4], [9] [10] those of [6] (docs/internals.md, "Signed entries").
-- Unlike the record script's, these keys are not all the account's: the suspension marker and the audit stream have
-- the names every service uses (as in the other services' scripts that suspend). All three share the suite's hash
-- tag {wg}, so they lie in one hash slot (docs/internals.md, "Key layout").
-- Returns 1 when raised; 0 when (enforce) the account is suspended already or an alert of the rule was raised for
-- the account within the window (SET NX PX window of the alerted mark).
local enforce = ARGV[3] == '1'
if enforce and redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
if enforce then redis.call('SET', KEYS[2], ARGV[5]) end
redis.call('XADD', KEYS[3], '*', 'event', ARGV[4], 'kid', ARGV[7], 'sig', ARGV[8])
if enforce then redis.call('XADD', KEYS[3], '*', 'event', ARGV[6], 'kid', ARGV[9], 'sig', ARGV[10]) end
return 1
