package com.waybillguard.testsupport;

import com.waybillguard.stack.PostgresServer;
import com.waybillguard.stack.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * One real PostgreSQL and one real Redis per test JVM, started on free ports on first use and
 * stopped when the JVM exits. Tests that need to take Redis away (fail-closed tests) call
 * {@link #redis()} and stop/restart it.
 */
public final class TestInfrastructure {

    private static PostgresServer postgres;
    private static RedisServer redis;

    private TestInfrastructure() {
    }

    public static synchronized PostgresServer postgres(String database) {
        try {
            if (postgres == null) {
                Path dir = Files.createTempDirectory("wg-test-pg");
                postgres = PostgresServer.start(0, dir, false);
                Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stopPostgres));
            }
            postgres.ensureDatabases(List.of(database));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + database, e);
        }
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
