\pset pager off
\echo Q1 newest page, no filter
EXPLAIN (ANALYZE, COSTS OFF, TIMING ON, SUMMARY ON) SELECT * FROM audit_event ORDER BY occurred_at DESC, seq DESC LIMIT 51;
\echo Q2 one waybill
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT * FROM audit_event WHERE waybill_no = 'YT000000007919' ORDER BY occurred_at DESC, seq DESC LIMIT 51;
\echo Q3 actor by username, the most active account (2% of all events), UNION ALL as the service sends it
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT * FROM ((SELECT * FROM audit_event WHERE actor_sub = 'user.hot' ORDER BY occurred_at DESC, seq DESC LIMIT 51) UNION ALL (SELECT * FROM audit_event WHERE actor_username = 'user.hot' AND actor_sub IS DISTINCT FROM 'user.hot' ORDER BY occurred_at DESC, seq DESC LIMIT 51)) e ORDER BY occurred_at DESC, seq DESC LIMIT 51 OFFSET 0;
\echo Q4 actor by sub, with action filter
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT * FROM ((SELECT * FROM audit_event WHERE actor_sub = 'acct-hot' AND action = 'GRANT_REFUSED' ORDER BY occurred_at DESC, seq DESC LIMIT 51) UNION ALL (SELECT * FROM audit_event WHERE actor_username = 'acct-hot' AND actor_sub IS DISTINCT FROM 'acct-hot' AND action = 'GRANT_REFUSED' ORDER BY occurred_at DESC, seq DESC LIMIT 51)) e ORDER BY occurred_at DESC, seq DESC LIMIT 51 OFFSET 0;
\echo Q5 outlet
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT * FROM audit_event WHERE actor_outlet_id = 'HD-CX' ORDER BY occurred_at DESC, seq DESC LIMIT 51;
\echo Q6 action
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT * FROM audit_event WHERE action = 'GRANT_REFUSED' ORDER BY occurred_at DESC, seq DESC LIMIT 51;
\echo Q7 refusals (decision = DENY)
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT * FROM audit_event WHERE decision = 'DENY' ORDER BY occurred_at DESC, seq DESC LIMIT 51;
\echo Q8 one day (from/to)
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT * FROM audit_event WHERE occurred_at >= '2026-06-01Z' AND occurred_at < '2026-06-02Z' ORDER BY occurred_at DESC, seq DESC LIMIT 51;
\echo Q9 a deep page by cursor (keyset), half a year back
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT * FROM audit_event WHERE (occurred_at, seq) < ('2026-05-15Z'::timestamptz, 9999999999) ORDER BY occurred_at DESC, seq DESC LIMIT 51;
\echo Q10 the same depth by OFFSET 10000 (for comparison)
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT * FROM audit_event ORDER BY occurred_at DESC, seq DESC LIMIT 51 OFFSET 10000;
