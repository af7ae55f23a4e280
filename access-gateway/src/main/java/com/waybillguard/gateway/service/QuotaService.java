package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.QuotaDecision;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * Grant quotas in Redis: per account per minute/hour/day (role defaults from configuration, validated at start;
 * per-account overrides in Redis, managed here) and a per-outlet daily ceiling. They are checked and consumed by
 * {@link GrantAdmission}'s script together with the suspension and detection, in one round trip, so that replicas
 * share them and nothing is consumed on a refusal. The windows are fixed, aligned on epoch seconds of the
 * injected clock.
 */
@Startup
@ApplicationScoped
public class QuotaService {

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;
    private final GrantAdmission admission;

    public QuotaService(ReactiveRedisDataSource redis, GatewayConfig config, GrantAdmission admission) {
        this.redis = redis;
        this.config = config;
        this.admission = admission;
        config.quota().roles().forEach((role, limits) -> {
            if (limits.perMinute() < 0 || limits.perHour() < 0 || limits.perDay() < 0) {
                throw new IllegalStateException("wg.quota.roles." + role + ": limits must not be negative");
            }
        });
        for (String role : AccessPolicy.GRANT_ROLES) {
            if (!config.quota().roles().containsKey(role)) {
                throw new IllegalStateException("wg.quota.roles." + role + " is missing (per-minute, per-hour, per-day)");
            }
        }
    }

    /** The caller's windows without consuming anything (the read-only path of the admission script). */
    public Uni<QuotaDecision> peek(Caller caller, String role) {
        return admission.quota(caller, role);
    }

    public Uni<Void> setOverride(String sub, long perMinute, long perHour, long perDay) {
        return RedisCalls.bounded(redis.hash(String.class).hset(overrideKey(sub), Map.of(
                "perMinute", Long.toString(perMinute),
                "perHour", Long.toString(perHour),
                "perDay", Long.toString(perDay))), config.redis().timeout(), "quota override").replaceWithVoid();
    }

    public Uni<Boolean> removeOverride(String sub) {
        return RedisCalls.bounded(redis.key().del(overrideKey(sub)), config.redis().timeout(), "quota override")
                .map(deleted -> deleted > 0);
    }

    private String overrideKey(String sub) {
        return config.quota().keyPrefix() + ":override:" + sub;
    }
}
