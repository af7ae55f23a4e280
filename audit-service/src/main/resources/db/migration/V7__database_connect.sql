-- Only the application role ${app_role} and the owner (who runs these migrations) may connect to this database:
-- not the other service's roles, nor any other role of the server. PostgreSQL lets every role connect to a new
-- database (CONNECT for PUBLIC), and a database made by an operator (CloudNativePG's Database, k8s/overlays/prod)
-- keeps that default. The local stack revokes it itself, so there this changes nothing.
REVOKE ALL ON DATABASE "${flyway:database}" FROM PUBLIC;
GRANT CONNECT ON DATABASE "${flyway:database}" TO ${app_role};
