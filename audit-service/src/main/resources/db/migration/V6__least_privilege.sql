-- Least privilege (docs/internals.md, "Database roles"). The migrations run as the database's owner; the
-- service runs as its application role ${app_role}, which may append to the audit log and read it but never
-- update or delete an event, a checkpoint or a recorded retention gap, nor create, alter or drop anything.
-- What it needs beyond plain rows goes through two functions that run with the owner's rights and check their
-- argument: creating a monthly partition, and dropping one that the legal minimum no longer keeps.
-- (When the service and its migrations use one role, as a development database may, every grant here is a
-- no-op.)

-- Partition creation runs with the owner's rights, on a fixed search path.
ALTER FUNCTION audit_ensure_partition(DATE) SECURITY DEFINER SET search_path = public, pg_temp;

-- Drops the monthly partition that holds month_start (UTC) with the month's idempotency ledger rows, only if
-- the whole month lies more than three years back (PIPL art. 56, the floor of wg.audit.retention): whoever holds
-- the application role's password cannot remove recent history through it. Returns false when there is no such
-- partition. The caller records the gap in the chain in the same transaction (RetentionService).
CREATE FUNCTION audit_drop_partition(month_start DATE) RETURNS BOOLEAN
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    lo   TIMESTAMPTZ := date_trunc('month', month_start::timestamp) AT TIME ZONE 'UTC';
    hi   TIMESTAMPTZ := (date_trunc('month', month_start::timestamp) + INTERVAL '1 month') AT TIME ZONE 'UTC';
    name TEXT := 'audit_event_p' || to_char(month_start, 'YYYY_MM');
BEGIN
    IF hi > now() - INTERVAL '3 years' THEN
        RAISE EXCEPTION 'partition % is within the legal minimum retention of three years', name
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF to_regclass(name) IS NULL THEN
        RETURN FALSE;
    END IF;
    DELETE FROM audit_event_key WHERE occurred_at >= lo AND occurred_at < hi;
    EXECUTE format('DROP TABLE %I', name);
    RETURN TRUE;
END
$$;

REVOKE ALL ON FUNCTION audit_ensure_partition(DATE), audit_drop_partition(DATE) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_ensure_partition(DATE), audit_drop_partition(DATE) TO ${app_role};

-- append and read; the chain head is the one row the service rewrites (verify checks it against the signed
-- checkpoints, so a rewritten head proves nothing)
GRANT SELECT, INSERT ON audit_event, audit_event_key, audit_checkpoint, audit_retention_gap TO ${app_role};
GRANT SELECT, UPDATE ON audit_chain_head TO ${app_role};
-- the partitioning job looks for rows that arrived before their month's partition existed
GRANT SELECT ON audit_event_default TO ${app_role};
-- alerts are raised and later resolved by an auditor
GRANT SELECT, INSERT, UPDATE ON audit_alert TO ${app_role};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${app_role};
