-- Least privilege (docs/internals.md, "Database roles"). The migrations run as the database's owner; the
-- service runs as its application role ${app_role}: it reads waybills, creates and updates them (the admin API,
-- the demo seed), and writes and empties its audit outbox. It cannot delete a waybill, nor create, alter or drop
-- anything, and it has no access to the audit database at all. (When the service and its migrations use one
-- role, as a development database may, every grant here is a no-op.)
GRANT SELECT, INSERT, UPDATE ON waybill TO ${app_role};
GRANT SELECT, INSERT, DELETE ON audit_outbox TO ${app_role};
-- the outbox's SELECT ... FOR UPDATE SKIP LOCKED needs an UPDATE right on one column: the identity, which no one
-- can set, rather than the event text
GRANT UPDATE (id) ON audit_outbox TO ${app_role};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${app_role};
