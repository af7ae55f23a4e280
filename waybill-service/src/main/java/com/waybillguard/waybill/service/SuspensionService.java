package com.waybillguard.waybill.service;

import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The suspension check (docs/api.md, "Accounts and suspension"): audit-service (and a detection rule) sets and
 * audit-service lifts the marker {@code wg.suspension.key-prefix + sub}; every request of this service looks it
 * up, never from a cache, so a suspension takes effect at once. Admin writes call this check; a read checks the
 * same key inside its one Redis call ({@link GrantRedemption}), atomically with the grant's redemption.
 */
@ApplicationScoped
public class SuspensionService {

    private final ReactiveKeyCommands<String> keys;
    private final String keyPrefix;
    private final Duration timeout;

    SuspensionService(ReactiveRedisDataSource redis, WaybillServiceConfig config) {
        this.keys = redis.key();
        this.keyPrefix = config.suspension().keyPrefix();
        this.timeout = config.redis().timeout();
    }

    /**
     * Fails with {@code account-suspended} when the account is suspended, and with {@code service-unavailable}
     * when Redis does not answer within {@code wg.redis.timeout}.
     */
    public Uni<Void> requireNotSuspended(String sub) {
        return RedisCalls.bounded(keys.exists(keyPrefix + sub), timeout)
                .flatMap(suspended -> suspended
                        ? Uni.createFrom().failure(new ProblemException(ProblemType.ACCOUNT_SUSPENDED,
                                "This account is suspended."))
                        : Uni.createFrom().voidItem());
    }
}
