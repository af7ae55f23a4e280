-- Alerts (issue 9): the optional flat map "alert" of ALERT_RAISED and ALERT_RESOLVED events, and one row
-- per raised alert.
--
-- audit_event is partitioned: ALTER TABLE on the parent adds the column to every partition (the monthly
-- ones and audit_event_default) at the end of each, and audit_ensure_partition() creates later partitions
-- with CREATE TABLE ... (LIKE audit_event), so they have it at the same position: its
-- INSERT ... SELECT * from the default partition still lines up column by column. Adding a nullable
-- column without a default rewrites no row. The column is hashed (canonical JSON) like disclosure;
-- absent (NULL) on every other event, so every existing hash stays valid.
ALTER TABLE audit_event ADD COLUMN alert JSONB;

-- One row per ALERT_RAISED event (id = its eventId), written in the ingest transaction that stores the
-- event; the ledger audit_event_key makes that idempotent. Resolving updates the row after the
-- ALERT_RESOLVED event is appended to the stream.
CREATE TABLE audit_alert (
    id               UUID         NOT NULL,
    event_seq        BIGINT       NOT NULL,
    source           VARCHAR(64)  NOT NULL,
    rule             VARCHAR(64)  NOT NULL,
    severity         VARCHAR(16)  NOT NULL,
    mode             VARCHAR(16)  NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    raised_at        TIMESTAMPTZ  NOT NULL,
    triggered_at     TIMESTAMPTZ  NOT NULL,
    actor_sub        VARCHAR(255),
    actor_username   VARCHAR(255),
    actor_role       VARCHAR(64),
    actor_outlet_id  VARCHAR(64),
    actor_courier_id VARCHAR(64),
    summary          VARCHAR(200) NOT NULL,
    event_ids        TEXT         NOT NULL,
    figures          JSONB,
    suspended        BOOLEAN      NOT NULL,
    resolved_at      TIMESTAMPTZ,
    resolved_by      VARCHAR(255),
    comment          VARCHAR(500),
    CONSTRAINT pk_audit_alert PRIMARY KEY (id),
    CONSTRAINT ck_audit_alert_status CHECK (status IN ('OPEN', 'RESOLVED'))
);

-- Newest first (raised_at DESC, event_seq DESC), alone or after one filter.
CREATE INDEX ix_audit_alert_raised ON audit_alert (raised_at DESC, event_seq DESC);
CREATE INDEX ix_audit_alert_status ON audit_alert (status, raised_at DESC, event_seq DESC);
CREATE INDEX ix_audit_alert_rule ON audit_alert (rule, raised_at DESC, event_seq DESC);
CREATE INDEX ix_audit_alert_actor_sub ON audit_alert (actor_sub, raised_at DESC, event_seq DESC);
CREATE INDEX ix_audit_alert_actor_username ON audit_alert (actor_username, raised_at DESC, event_seq DESC);
