package com.waybillguard.waybill.service;

import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * The Redis-backed checks of the read path: account suspension (read on every request, no cache)
 * and single use of a grant ({@code SET jti NX PX}).
 */
@ApplicationScoped
public class AccessGuard {

    private static final long MIN_JTI_TTL_MILLIS = 1000;

    private final ReactiveRedisDataSource redis;
    private final ReactiveKeyCommands<String> keys;
    private final String suspendedPrefix;
    private final String jtiPrefix;
    private final Duration timeout;
    private final Duration jtiGrace;

    AccessGuard(ReactiveRedisDataSource redis, WaybillServiceConfig config) {
        this.redis = redis;
        this.keys = redis.key();
        this.suspendedPrefix = config.keys().suspendedPrefix();
        this.jtiPrefix = config.keys().jtiPrefix();
        this.timeout = config.keys().commandTimeout();
        this.jtiGrace = config.grant().jtiGrace();
    }

    /** Fails with {@code account-suspended} when the account is suspended. */
    public Uni<Void> requireNotSuspended(String sub) {
        return keys.exists(suspendedPrefix + sub)
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(AccessGuard::unavailable)
                .flatMap(suspended -> suspended
                        ? Uni.createFrom().failure(new ProblemException(ProblemType.ACCOUNT_SUSPENDED,
                                "This account is suspended."))
                        : Uni.createFrom().voidItem());
    }

    /** Consumes the grant's {@code jti} exactly once; fails with {@code grant-replayed} on reuse. */
    public Uni<Void> consumeGrant(VerifiedGrant grant) {
        long ttl = Math.max(MIN_JTI_TTL_MILLIS,
                grant.expiresAt().toEpochMilli() - Instant.now().toEpochMilli() + jtiGrace.toMillis());
        return redis.execute("SET", jtiPrefix + grant.jti(), grant.sub(), "NX", "PX", Long.toString(ttl))
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(AccessGuard::unavailable)
                .flatMap(response -> response != null && "OK".equalsIgnoreCase(response.toString())
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new ProblemException(ProblemType.GRANT_REPLAYED,
                                "This access grant was already used.")));
    }

    private static Throwable unavailable(Throwable failure) {
        return failure instanceof ProblemException ? failure
                : new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "Access checks are unavailable; try again shortly.");
    }
}
