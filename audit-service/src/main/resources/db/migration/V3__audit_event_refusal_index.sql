-- decision has two values: ALLOW (most events) is served by the time-ordered scan, filtered;
-- DENY (refusals, rare and the ones auditors look for) gets a partial index in the sort order, so a
-- page of refusals does not scan past thousands of allowed events.
CREATE INDEX ix_audit_event_denied ON audit_event (occurred_at DESC, seq DESC) WHERE decision = 'DENY';
