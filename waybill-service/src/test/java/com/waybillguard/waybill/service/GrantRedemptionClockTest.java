package com.waybillguard.waybill.service;

import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import com.waybillguard.waybill.mapping.AuditEvent;
import com.waybillguard.waybill.support.TestWaybills;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A grant's single use is decided by one clock, Redis' own: the read script refuses a grant whose {@code exp} plus
 * the skew has passed by Redis' {@code TIME}, and keeps the redemption record until {@code exp} plus the grace by
 * that same clock. The service's own clock is not asked, so a replica whose clock runs fast or slow can neither
 * shorten the record (and let another replica accept the grant again) nor redeem a grant Redis holds expired.
 * The grants here skip the service's own verification, as a replica with a wrong clock would let them through.
 */
@QuarkusTest
class GrantRedemptionClockTest {

    private static final Duration SKEW = Duration.ofSeconds(5);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final String JTI_PREFIX = "{wg}:grant:jti:";

    @Inject
    GrantRedemption redemption;

    @Inject
    RedisDataSource redis;

    @Test
    void aGrantPastItsExpiryByRedisClockIsRefusedAndNothingIsWritten() {
        VerifiedGrant grant = grantExpiringAt(redisNow().minus(SKEW).minusSeconds(2));
        long entries = streamLength();
        ProblemException refused = assertThrows(ProblemException.class,
                () -> redemption.redeem(grant, event(grant), null).await().atMost(Duration.ofSeconds(5)));
        assertEquals(ProblemType.GRANT_EXPIRED, refused.type());
        assertFalse(redis.key().exists(JTI_PREFIX + grant.jti()), "no redemption record");
        assertEquals(entries, streamLength(), "no audit entry for a read that was not answered");
    }

    @Test
    void theRecordLivesUntilExpiryPlusGraceByRedisClock() {
        VerifiedGrant grant = grantExpiringAt(redisNow().plusSeconds(30));
        redemption.redeem(grant, event(grant), null).await().atMost(Duration.ofSeconds(5));
        long ttl = redis.key().pttl(JTI_PREFIX + grant.jti());
        long expected = Duration.ofSeconds(30).plus(GRACE).toMillis();
        assertTrue(ttl > expected - 1_000 && ttl <= expected, "record lives until exp + grace, was " + ttl + " ms");
    }

    @Test
    void aGrantWithinTheSkewOfItsExpiryIsRedeemedAndItsRecordStillOutlivesTheSkew() {
        VerifiedGrant grant = grantExpiringAt(redisNow().minusSeconds(2));
        redemption.redeem(grant, event(grant), null).await().atMost(Duration.ofSeconds(5));
        long ttl = redis.key().pttl(JTI_PREFIX + grant.jti());
        long expected = GRACE.minusSeconds(2).toMillis();
        assertTrue(ttl > expected - 1_000 && ttl <= expected, "record lives until exp + grace, was " + ttl + " ms");
        ProblemException replay = assertThrows(ProblemException.class,
                () -> redemption.redeem(grant, event(grant), null).await().atMost(Duration.ofSeconds(5)));
        assertEquals(ProblemType.GRANT_REPLAYED, replay.type());
    }

    private Instant redisNow() {
        Response time = redis.execute("TIME");
        return Instant.ofEpochSecond(time.get(0).toLong(), time.get(1).toLong() * 1_000);
    }

    private long streamLength() {
        return redis.stream(String.class).xlen(TestWaybills.STREAM);
    }

    private static VerifiedGrant grantExpiringAt(Instant exp) {
        String sub = "sub-clock-" + UUID.randomUUID();
        return new VerifiedGrant(UUID.randomUUID().toString(), sub, exp, "YT1234567890123", "COUNTER_INQUIRY", "clerk",
                "HD-JZ", null, "clerk.clock", "device-hash");
    }

    private static AuditEvent event(VerifiedGrant grant) {
        return new AuditEvent(UUID.randomUUID().toString(), Instant.now().toString(), "waybill-service",
                "WAYBILL_READ", new AuditEvent.Actor(grant.sub(), grant.username(), grant.role(), grant.outletId(),
                null), "device-0001", null, grant.waybillNo(), grant.purpose(), "TRACKING", null, "ALLOW", null,
                grant.jti(), null, null, null);
    }
}
