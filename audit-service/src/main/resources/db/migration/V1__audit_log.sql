-- The tamper-evident audit log.
--
-- audit_event is append-only and chained in ingest order (seq). Its primary key includes
-- occurred_at so that the table can later be range-partitioned by month on occurred_at
-- (PostgreSQL requires the partition key in every unique constraint of a partitioned table).
-- For the same reason the global idempotency key (event_id) lives in audit_event_key, a small
-- unpartitioned ledger: an event is stored only if its event_id could be inserted there.

CREATE TABLE audit_event (
    seq              BIGINT       NOT NULL,
    occurred_at      TIMESTAMPTZ  NOT NULL,
    event_id         UUID         NOT NULL,
    ingested_at      TIMESTAMPTZ  NOT NULL,
    source           VARCHAR(64)  NOT NULL,
    action           VARCHAR(64)  NOT NULL,
    actor_sub        VARCHAR(255),
    actor_username   VARCHAR(255),
    actor_role       VARCHAR(64),
    actor_outlet_id  VARCHAR(64),
    actor_courier_id VARCHAR(64),
    target_sub       VARCHAR(255),
    device_id        VARCHAR(64),
    client_ip        VARCHAR(64),
    waybill_no       VARCHAR(32),
    purpose          VARCHAR(64),
    view             VARCHAR(64),
    disclosure       JSONB,
    decision         VARCHAR(8),
    reason           VARCHAR(500),
    grant_id         VARCHAR(128),
    trace_id         VARCHAR(128),
    canonical        TEXT         NOT NULL,
    prev_hash        CHAR(64)     NOT NULL,
    hash             CHAR(64)     NOT NULL,
    CONSTRAINT pk_audit_event PRIMARY KEY (seq, occurred_at),
    CONSTRAINT ck_audit_event_decision CHECK (decision IS NULL OR decision IN ('ALLOW', 'DENY'))
);

CREATE INDEX ix_audit_event_seq ON audit_event (seq);
CREATE INDEX ix_audit_event_occurred ON audit_event (occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_actor_sub ON audit_event (actor_sub, occurred_at DESC);
CREATE INDEX ix_audit_event_actor_username ON audit_event (actor_username, occurred_at DESC);
CREATE INDEX ix_audit_event_waybill ON audit_event (waybill_no, occurred_at DESC);
CREATE INDEX ix_audit_event_outlet ON audit_event (actor_outlet_id, occurred_at DESC);
CREATE INDEX ix_audit_event_action ON audit_event (action, occurred_at DESC);

-- Idempotency ledger: one row per stored event, whatever partition it lands in.
CREATE TABLE audit_event_key (
    event_id    UUID        NOT NULL,
    seq         BIGINT      NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_audit_event_key PRIMARY KEY (event_id)
);

-- The single chain head. Every append locks this row (SELECT ... FOR UPDATE) inside the batch
-- transaction, so replicas ingesting at once append one after the other.
CREATE TABLE audit_chain_head (
    id         SMALLINT    NOT NULL,
    seq        BIGINT      NOT NULL,
    hash       CHAR(64)    NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_audit_chain_head PRIMARY KEY (id),
    CONSTRAINT ck_audit_chain_head_single CHECK (id = 1)
);

INSERT INTO audit_chain_head (id, seq, hash, updated_at)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', now());

-- Signed checkpoints of the chain head (Ed25519 over "seq|hash|createdAt").
CREATE TABLE audit_checkpoint (
    id         BIGINT GENERATED ALWAYS AS IDENTITY,
    seq        BIGINT       NOT NULL,
    hash       CHAR(64)     NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    key_id     VARCHAR(64)  NOT NULL,
    algorithm  VARCHAR(16)  NOT NULL,
    signature  TEXT         NOT NULL,
    CONSTRAINT pk_audit_checkpoint PRIMARY KEY (id)
);

CREATE INDEX ix_audit_checkpoint_created ON audit_checkpoint (created_at DESC);
