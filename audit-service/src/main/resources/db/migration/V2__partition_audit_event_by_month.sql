-- audit_event becomes a table partitioned by RANGE (occurred_at), one partition per calendar month
-- (UTC), named audit_event_pYYYY_MM. Rows are moved from the unpartitioned table of V1.
--
-- * A DEFAULT partition (audit_event_default) guards inserts: an event whose month has no partition
--   yet (far in the past or future; validation allows the years 2000-9999) is stored there, never
--   refused. audit_ensure_partition() moves such rows into their month's own partition, so the
--   default partition stays (nearly) empty and retention can drop whole months.
-- * audit-service calls audit_ensure_partition() at start and daily for the current month and the
--   next wg.audit.partitions.months-ahead months, and for every month found in the default partition.
-- * Indexes are declared on the parent (partitioned indexes): every partition gets them.

ALTER TABLE audit_event RENAME TO audit_event_v1;
ALTER TABLE audit_event_v1 DROP CONSTRAINT pk_audit_event;
DROP INDEX ix_audit_event_seq;
DROP INDEX ix_audit_event_occurred;
DROP INDEX ix_audit_event_actor_sub;
DROP INDEX ix_audit_event_actor_username;
DROP INDEX ix_audit_event_waybill;
DROP INDEX ix_audit_event_outlet;
DROP INDEX ix_audit_event_action;

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
) PARTITION BY RANGE (occurred_at);

CREATE TABLE audit_event_default PARTITION OF audit_event DEFAULT;

-- Chain order (verify, head lookups): seq alone.
CREATE INDEX ix_audit_event_seq ON audit_event (seq);
-- Search, newest first: every filter index ends with (occurred_at DESC, seq DESC), the ORDER BY,
-- so a page is an index range scan that stops after LIMIT rows.
CREATE INDEX ix_audit_event_occurred ON audit_event (occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_actor_sub ON audit_event (actor_sub, occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_actor_username ON audit_event (actor_username, occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_waybill ON audit_event (waybill_no, occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_outlet ON audit_event (actor_outlet_id, occurred_at DESC, seq DESC);
CREATE INDEX ix_audit_event_action ON audit_event (action, occurred_at DESC, seq DESC);

-- Creates the partition of the month that contains month_start (UTC), moving any of its rows out
-- of the default partition first. Returns false when it already exists. Serialized by an advisory
-- lock, so replicas may call it at once.
CREATE FUNCTION audit_ensure_partition(month_start DATE) RETURNS BOOLEAN
LANGUAGE plpgsql AS $$
DECLARE
    lo   TIMESTAMPTZ := date_trunc('month', month_start::timestamp) AT TIME ZONE 'UTC';
    hi   TIMESTAMPTZ := (date_trunc('month', month_start::timestamp) + INTERVAL '1 month') AT TIME ZONE 'UTC';
    name TEXT := 'audit_event_p' || to_char(month_start, 'YYYY_MM');
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('audit_event_partitions'));
    IF to_regclass(name) IS NOT NULL THEN
        RETURN FALSE;
    END IF;
    -- no insert may land in the default partition for this month while its rows move
    LOCK TABLE audit_event_default IN ACCESS EXCLUSIVE MODE;
    EXECUTE format('CREATE TABLE %I (LIKE audit_event INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    EXECUTE format('WITH moved AS (DELETE FROM audit_event_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *) '
                   'INSERT INTO %I SELECT * FROM moved', name) USING lo, hi;
    EXECUTE format('ALTER TABLE audit_event ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
    RETURN TRUE;
END
$$;

-- Partitions for the months already holding events, and for this month and the next three.
DO $$
BEGIN
    PERFORM audit_ensure_partition(m::date)
    FROM (SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC') AS m FROM audit_event_v1
          UNION
          SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => n) FROM generate_series(0, 3) AS n) months
    ORDER BY m;
END
$$;

INSERT INTO audit_event SELECT * FROM audit_event_v1;
DROP TABLE audit_event_v1;

-- Retention deletes the ledger rows of a dropped month by occurred_at.
CREATE INDEX ix_audit_event_key_occurred ON audit_event_key (occurred_at);

-- Seq ranges removed by retention (runs of consecutive seqs that left with one dropped partition) and
-- the hash of the last event of each run: the anchor of the first event after the gap. Each drop is
-- also recorded in the chain (action RETENTION_APPLIED, whose reason carries a digest of its runs).
CREATE TABLE audit_retention_gap (
    from_seq        BIGINT      NOT NULL,
    to_seq          BIGINT      NOT NULL,
    last_hash       CHAR(64)    NOT NULL,
    partition_name  VARCHAR(64) NOT NULL,
    record_event_id UUID        NOT NULL,
    record_seq      BIGINT      NOT NULL,
    dropped_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT pk_audit_retention_gap PRIMARY KEY (from_seq),
    CONSTRAINT ck_audit_retention_gap_range CHECK (to_seq >= from_seq)
);
