package com.waybillguard.testsupport;

import com.waybillguard.stack.PostgresServer;
import com.waybillguard.stack.RedisServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at a real PostgreSQL database and a real Redis started from Maven
 * artifacts. Init arguments: {@code database} (default {@code test}); {@code redis} = {@code false}
 * for a service without Redis, {@code cluster} for a Redis in cluster mode
 * ({@link TestInfrastructure#clusterRedis()}), {@code replicated} for the primary of a Redis with a replica
 * ({@link TestInfrastructure#replicatedRedis()}); {@code postgres} = {@code false} for a service without a database.
 */
public class PostgresRedisResource implements QuarkusTestResourceLifecycleManager {

    private String database = "test";
    private String redisMode = "true";
    private boolean withPostgres = true;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        redisMode = initArgs.getOrDefault("redis", redisMode);
        if (!List.of("true", "false", "cluster", "replicated").contains(redisMode)) {
            throw new IllegalArgumentException("redis must be true, false, cluster or replicated, not " + redisMode);
        }
        withPostgres = Boolean.parseBoolean(initArgs.getOrDefault("postgres", "true"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        if (withPostgres) {
            PostgresServer pg = TestInfrastructure.postgres(database);
            PostgresServer.ServiceRoles roles = TestInfrastructure.roles(database);
            // as in production: the service runs as the application role, its migrations as the owner
            config.put("quarkus.datasource.username", roles.app());
            config.put("quarkus.datasource.password", roles.appPassword());
            config.put("quarkus.flyway.username", roles.owner());
            config.put("quarkus.flyway.password", roles.ownerPassword());
            config.put("quarkus.flyway.placeholders.app_role", roles.app());
            config.put("quarkus.datasource.reactive.url", pg.reactiveUrl(database));
            config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
        }
        RedisServer redis = switch (redisMode) {
            case "cluster" -> TestInfrastructure.clusterRedis();
            case "replicated" -> TestInfrastructure.replicatedRedis().primary();
            case "false" -> null;
            default -> TestInfrastructure.redis();
        };
        if (redis != null) {
            config.put("quarkus.redis.hosts", redis.url());
        }
        return config;
    }

    @Override
    public void stop() {
        // servers live for the whole test JVM and stop with it
    }
}
