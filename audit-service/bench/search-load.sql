-- Loads :rows synthetic audit events (12 monthly partitions, 5,000 accounts plus one very active
-- account with 2% of all events, 24 outlets, 2,000,000 waybills, 5% refusals) into a database that
-- has the audit-service migrations applied; indexes are dropped for the load and built after it.
\timing on
SELECT count(*) FROM (SELECT audit_ensure_partition(d::date) FROM generate_series('2025-12-01'::date, '2026-11-01'::date, '1 month') d) x;
DROP INDEX ix_audit_event_seq, ix_audit_event_occurred, ix_audit_event_actor_sub, ix_audit_event_actor_username,
           ix_audit_event_waybill, ix_audit_event_outlet, ix_audit_event_action, ix_audit_event_denied;
SET synchronous_commit = off;
INSERT INTO audit_event (seq, occurred_at, event_id, ingested_at, source, action, actor_sub, actor_username,
                         actor_role, actor_outlet_id, device_id, client_ip, waybill_no, purpose, decision,
                         canonical, prev_hash, hash)
SELECT g,
       timestamptz '2025-12-01 00:00Z' + g * interval '3100 milliseconds',
       gen_random_uuid(),
       timestamptz '2025-12-01 00:00Z' + g * interval '3100 milliseconds' + interval '40 milliseconds',
       'waybill-service',
       CASE WHEN g % 10 = 0 THEN 'GRANT_REFUSED' WHEN g % 10 < 5 THEN 'GRANT_ISSUED' ELSE 'WAYBILL_READ' END,
       CASE WHEN g % 50 = 0 THEN 'acct-hot' ELSE 'acct-' || (g % 4999) END,
       CASE WHEN g % 50 = 0 THEN 'user.hot' ELSE 'user.' || (g % 4999) END,
       'clerk',
       'HD-' || chr(65 + (g % 24)) || 'X',
       'device-' || (g % 7000),
       '10.0.0.1',
       'YT' || lpad(((g::bigint * 7919) % 2000000)::text, 12, '0'),
       'COUNTER_INQUIRY',
       CASE WHEN g % 20 = 0 THEN 'DENY' ELSE 'ALLOW' END,
       'x', md5(g::text) || md5((g + 1)::text), md5((g + 2)::text) || md5((g + 3)::text)
FROM generate_series(1, :rows) g;
CREATE INDEX ix_audit_event_seq ON audit_event (seq);
CREATE INDEX ix_audit_event_occurred ON audit_event (occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_actor_sub ON audit_event (actor_sub, occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_actor_username ON audit_event (actor_username, occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_waybill ON audit_event (waybill_no, occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_outlet ON audit_event (actor_outlet_id, occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_action ON audit_event (action, occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_denied ON audit_event (occurred_at DESC, seq DESC) WHERE decision = 'DENY';
ANALYZE audit_event;
SELECT count(*) FROM audit_event;
