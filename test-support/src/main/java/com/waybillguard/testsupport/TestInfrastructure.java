package com.waybillguard.testsupport;

import com.waybillguard.stack.PostgresServer;
import com.waybillguard.stack.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One real PostgreSQL and one real Redis per test JVM, started on free ports on first use and
 * stopped when the JVM exits. Tests that need to take Redis away (fail-closed tests) call
 * {@link #redis()} and stop/restart it. Two more Redis topologies, also started on first use: a Redis in cluster
 * mode ({@link #clusterRedis()}) and a primary with a replica ({@link #replicatedRedis()}).
 */
public final class TestInfrastructure {

    private static final Map<String, PostgresServer.ServiceRoles> ROLES = new HashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static PostgresServer postgres;
    private static RedisServer redis;
    private static RedisServer clusterRedis;
    private static ReplicatedRedis replicatedRedis;

    private TestInfrastructure() {
    }

    public static synchronized PostgresServer postgres(String database) {
        roles(database);
        return postgres;
    }

    /**
     * The owner and application role of {@code database} (created with the database on first use, passwords random
     * per test JVM), as the local stack gives each service's database.
     */
    public static synchronized PostgresServer.ServiceRoles roles(String database) {
        try {
            if (postgres == null) {
                Path dir = Files.createTempDirectory("wg-test-pg");
                postgres = PostgresServer.start(0, dir, false);
                Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stopPostgres));
            }
            PostgresServer.ServiceRoles known = ROLES.get(database);
            if (known == null) {
                postgres.ensureDatabases(List.of(database));
                known = PostgresServer.ServiceRoles.of(database, randomPassword(), randomPassword());
                postgres.ensureServiceRoles(known);
                ROLES.put(database, known);
            }
            return known;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + database, e);
        }
    }

    /**
     * A connection to {@code database} as the superuser: what an insider with the database's master password can do,
     * and how tests set up rows the service's own role may not write.
     */
    public static Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(postgres(database).jdbcUrl(database), PostgresServer.USER, "");
    }

    /** A connection to {@code database} with the given role's credentials. */
    public static Connection connect(String database, String role, String password) throws SQLException {
        return DriverManager.getConnection(postgres(database).jdbcUrl(database), role, password);
    }

    private static String randomPassword() {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static synchronized RedisServer redis() {
        try {
            if (redis == null) {
                Path dir = Files.createTempDirectory("wg-test-redis");
                redis = RedisServer.start(0, dir);
                Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stopRedis));
            }
            if (!redis.isRunning()) {
                redis.restart();
            }
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis", e);
        }
    }

    /**
     * A Redis in cluster mode holding all 16384 slots ({@link ClusterRedis}): it refuses, as a Redis Cluster does,
     * any command or script whose keys are not all in one hash slot.
     */
    public static synchronized RedisServer clusterRedis() {
        try {
            if (clusterRedis == null) {
                clusterRedis = ClusterRedis.start(Files.createTempDirectory("wg-test-redis-cluster"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(clusterRedis)));
            }
            return clusterRedis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis in cluster mode", e);
        }
    }

    /** A primary Redis with one replica ({@link ReplicatedRedis}), in sync when this returns the first time. */
    public static synchronized ReplicatedRedis replicatedRedis() {
        try {
            if (replicatedRedis == null) {
                replicatedRedis = ReplicatedRedis.start(Files.createTempDirectory("wg-test-redis-replicated"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(replicatedRedis)));
            }
            return replicatedRedis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis with a replica", e);
        }
    }

    private static void closeQuietly(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
    }

    private static synchronized void stopPostgres() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }

    private static synchronized void stopRedis() {
        try {
            redis.close();
        } catch (IOException ignored) {
            // the JVM is exiting
        }
    }
}
