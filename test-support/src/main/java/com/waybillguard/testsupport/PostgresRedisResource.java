package com.waybillguard.testsupport;

import com.waybillguard.stack.PostgresServer;
import com.waybillguard.stack.RedisServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at a real PostgreSQL database and a real Redis started from Maven
 * artifacts. Init arguments: {@code database} (default {@code test}); {@code redis} = {@code false}
 * for a service without Redis; {@code postgres} = {@code false} for a service without a database.
 */
public class PostgresRedisResource implements QuarkusTestResourceLifecycleManager {

    private String database = "test";
    private boolean withRedis = true;
    private boolean withPostgres = true;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        withRedis = Boolean.parseBoolean(initArgs.getOrDefault("redis", "true"));
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
        if (withRedis) {
            RedisServer redis = TestInfrastructure.redis();
            config.put("quarkus.redis.hosts", redis.url());
        }
        return config;
    }

    @Override
    public void stop() {
        // servers live for the whole test JVM and stop with it
    }
}
