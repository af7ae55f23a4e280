package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.AuditEvent;
import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.domain.QuotaDecision;
import com.waybillguard.gateway.domain.RequestContext;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Grant quotas in Redis: per account per minute and per hour (sliding windows) and per calendar day (role defaults
 * from configuration, validated at start by {@link QuotaSettings}; per-account overrides in Redis, managed here), and
 * a daily ceiling shared by the accounts of an outlet or, without an outlet, of a role. They are checked and consumed
 * by {@link GrantAdmission}'s script together with the suspension and detection, in one round trip, so that replicas
 * share them and nothing is consumed on a refusal.
 */
@Startup
@ApplicationScoped
public class QuotaService {

    /** The fields of an override hash, as the admission script reads them. */
    private static final String[] OVERRIDE_FIELDS = {"perMinute", "perHour", "perDay"};

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;
    private final GrantAdmission admission;
    private final AuditPublisher audit;

    public QuotaService(ReactiveRedisDataSource redis, GatewayConfig config, GrantAdmission admission,
                        AuditPublisher audit) {
        this.redis = redis;
        this.config = config;
        this.admission = admission;
        this.audit = audit;
    }

    /** The caller's windows without consuming anything (the read-only path of the admission script). */
    public Uni<QuotaDecision> peek(Caller caller, String role) {
        return admission.quota(caller, role);
    }

    /**
     * Sets an account's override after its {@code QUOTA_OVERRIDE_SET} event is in the audit stream (fail closed:
     * no event, no change).
     */
    public Uni<Void> setOverride(Caller admin, RequestContext request, String sub, long perMinute, long perHour,
                                 long perDay) {
        GatewayConfig.Limits max = config.quota().overrideMax();
        refuseAbove("perMinute", perMinute, max.perMinute(), "per-minute");
        refuseAbove("perHour", perHour, max.perHour(), "per-hour");
        refuseAbove("perDay", perDay, max.perDay(), "per-day");
        String limits = "perMinute=" + perMinute + " perHour=" + perHour + " perDay=" + perDay;
        return audit.append(overrideEvent("QUOTA_OVERRIDE_SET", admin, request, sub, limits))
                .chain(() -> RedisCalls.bounded(redis.hash(String.class).hset(overrideKey(sub), Map.of(
                        OVERRIDE_FIELDS[0], Long.toString(perMinute),
                        OVERRIDE_FIELDS[1], Long.toString(perHour),
                        OVERRIDE_FIELDS[2], Long.toString(perDay))), config.redis().timeout(), "quota override"))
                .replaceWithVoid();
    }

    /**
     * Removes an account's override, after its {@code QUOTA_OVERRIDE_REMOVED} event is in the audit stream;
     * {@code false} (and no event) when the account has none.
     */
    public Uni<Boolean> removeOverride(Caller admin, RequestContext request, String sub) {
        return RedisCalls.bounded(redis.key().exists(overrideKey(sub)), config.redis().timeout(), "quota override")
                .chain(exists -> !exists ? Uni.createFrom().item(false)
                        : audit.append(overrideEvent("QUOTA_OVERRIDE_REMOVED", admin, request, sub, "role defaults"))
                        // field by field: the gateway's Redis user has no DEL (docs/internals.md, "Redis users");
                        // Redis drops the hash with its last field
                        .chain(() -> RedisCalls.bounded(redis.hash(String.class).hdel(overrideKey(sub),
                                OVERRIDE_FIELDS), config.redis().timeout(), "quota override"))
                        .map(removed -> removed > 0));
    }

    private AuditEvent overrideEvent(String action, Caller admin, RequestContext request, String sub, String limits) {
        return new AuditEvent(UUID.randomUUID().toString(), Instant.now().toString(), config.audit().source(), action,
                new AuditEvent.Actor(admin.sub(), admin.username(), AccessPolicy.ADMIN_ROLE, null, null),
                request.deviceId(), request.clientIp(), null, null, null, null, "ALLOW", limits, null,
                request.traceId(), sub, null);
    }

    private static void refuseAbove(String field, long value, long max, String property) {
        if (value > max) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "'" + field + "' must be at most " + max
                    + " (the ceiling of an account override, wg.quota.override-max." + property + ").");
        }
    }

    private String overrideKey(String sub) {
        return config.quota().keyPrefix() + ":override:" + sub;
    }
}
