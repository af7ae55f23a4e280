package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads account suspensions (set by audit-service and by detection) on every request, without a cache. */
@ApplicationScoped
public class SuspensionService {

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;

    public SuspensionService(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.config = config;
    }

    public Uni<Boolean> isSuspended(String sub) {
        return RedisCalls.bounded(redis.key().exists(config.suspension().keyPrefix() + sub),
                config.redis().timeout(), "suspension check");
    }

    public static ProblemException suspendedProblem() {
        return new ProblemException(ProblemType.ACCOUNT_SUSPENDED,
                "This account is suspended pending review; contact risk control.");
    }
}
