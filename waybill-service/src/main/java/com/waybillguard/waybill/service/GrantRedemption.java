package com.waybillguard.waybill.service;

import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * Redeems a grant (docs/architecture.md, "Glossary"): its {@code jti} is recorded once, atomically, with
 * {@code SET wg.grant.jti-key-prefix+jti sub NX PX ttl}; a second use of the grant is {@code grant-replayed}.
 * The record lives until the grant has expired plus {@code wg.grant.jti-grace}, so it outlives every
 * moment the grant could still be accepted.
 */
@ApplicationScoped
public class GrantRedemption {

    /** Shortest record kept, for a grant that is about to expire. */
    private static final long MIN_TTL_MILLIS = 1000;
    private static final String SET_OK = "OK";

    private final ReactiveRedisDataSource redis;
    private final String keyPrefix;
    private final Duration grace;
    private final Duration timeout;

    GrantRedemption(ReactiveRedisDataSource redis, WaybillServiceConfig config) {
        this.redis = redis;
        this.keyPrefix = config.grant().jtiKeyPrefix();
        this.grace = config.grant().jtiGrace();
        this.timeout = config.redis().timeout();
    }

    /**
     * Records the grant's {@code jti}; fails with {@code grant-replayed} when it was recorded before, and with
     * {@code service-unavailable} when Redis does not answer within {@code wg.redis.timeout}.
     */
    public Uni<Void> redeem(VerifiedGrant grant) {
        long ttl = Math.max(MIN_TTL_MILLIS,
                grant.expiresAt().toEpochMilli() - Instant.now().toEpochMilli() + grace.toMillis());
        return RedisCalls.bounded(
                        redis.execute("SET", keyPrefix + grant.jti(), grant.sub(), "NX", "PX", Long.toString(ttl)),
                        timeout)
                .flatMap(response -> response != null && SET_OK.equalsIgnoreCase(response.toString())
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new ProblemException(ProblemType.GRANT_REPLAYED,
                                "This access grant was already used.")));
    }
}
