-- The audit events of admin writes, written in the same transaction as the write (a transactional outbox): an
-- event is stored if and only if its write commits. AuditOutbox appends them to the audit stream after the
-- commit, oldest first, signed like every entry, and deletes them once the stream has taken them. So the audit log
-- never shows a write that was rolled back, and a write that committed always reaches it (a stream that is away
-- only delays the append; audit-service stores an event once, whatever the number of appends).
CREATE TABLE audit_outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event      TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
