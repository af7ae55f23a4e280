package com.waybillguard.waybill.service;

import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import io.smallrye.mutiny.Uni;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantKeyStoreTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(30);
    private static final Duration MAX_STALE = Duration.ofMinutes(2);

    private static EllipticCurveJsonWebKey ec(String kid) throws Exception {
        EllipticCurveJsonWebKey jwk = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        jwk.setKeyId(kid);
        return jwk;
    }

    private static String jwks(JsonWebKey... keys) {
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static ProblemType failureOf(GrantKeyStore store, String kid) {
        ProblemException e = assertThrows(ProblemException.class, () -> store.key(kid).await().indefinitely());
        return e.type();
    }

    @Test
    void cachesKeysAndRateLimitsRefetchOnUnknownKid() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        AtomicReference<String> document = new AtomicReference<>(jwks(ec("k1")));
        GrantKeyStore store = new GrantKeyStore(() -> Uni.createFrom().item(() -> {
            fetches.incrementAndGet();
            return document.get();
        }), Duration.ofHours(1), MAX_AGE, MAX_STALE);

        assertNotNull(store.key("k1").await().indefinitely());
        assertNotNull(store.key("k1").await().indefinitely());
        assertEquals(1, fetches.get(), "known kid served from the cache");

        document.set(jwks(ec("k1"), ec("k2")));
        assertEquals(ProblemType.GRANT_INVALID, failureOf(store, "k2"));
        assertEquals(1, fetches.get(), "unknown kid does not refetch within the minimum interval");
    }

    @Test
    void refetchesOnUnknownKidAfterTheInterval() throws Exception {
        AtomicReference<String> document = new AtomicReference<>(jwks(ec("k1")));
        GrantKeyStore store = new GrantKeyStore(() -> Uni.createFrom().item(document::get), Duration.ZERO, MAX_AGE, MAX_STALE);
        assertNotNull(store.key("k1").await().indefinitely());
        document.set(jwks(ec("k2")));
        assertNotNull(store.key("k2").await().indefinitely(), "rotated key picked up");
    }

    @Test
    void ignoresNonEs256Keys() throws Exception {
        RsaJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("rsa");
        EllipticCurveJsonWebKey p384 = EcJwkGenerator.generateJwk(EllipticCurves.P384);
        p384.setKeyId("p384");
        GrantKeyStore store = new GrantKeyStore(() -> Uni.createFrom().item(jwks(rsa, p384)), Duration.ZERO, MAX_AGE, MAX_STALE);
        assertEquals(ProblemType.GRANT_INVALID, failureOf(store, "rsa"));
        assertEquals(ProblemType.GRANT_INVALID, failureOf(store, "p384"));
    }

    @Test
    void unreachableGatewayIsUnavailableNotUnauthorized() {
        GrantKeyStore store = new GrantKeyStore(
                () -> Uni.createFrom().failure(new java.net.ConnectException("refused")), Duration.ZERO, MAX_AGE, MAX_STALE);
        assertEquals(ProblemType.GRANT_KEYS_UNAVAILABLE, failureOf(store, "k1"));
    }

    @Test
    void aKeyRemovedFromTheJwkSetIsRefusedOnceTheCachedSetIsOlderThanMaxAge() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicInteger fetches = new AtomicInteger();
        AtomicReference<String> document = new AtomicReference<>(jwks(ec("old"), ec("new")));
        GrantKeyStore store = new GrantKeyStore(() -> Uni.createFrom().item(() -> {
            fetches.incrementAndGet();
            return document.get();
        }), Duration.ofSeconds(5), MAX_AGE, MAX_STALE, clock::get);
        assertNotNull(store.key("old").await().indefinitely());

        document.set(jwks(ec("new")));
        clock.addAndGet(MAX_AGE.minusSeconds(1).toNanos());
        assertNotNull(store.key("old").await().indefinitely(), "within max-age the cached set is used");
        assertEquals(1, fetches.get());

        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(ProblemType.GRANT_INVALID, failureOf(store, "old"), "removed key refused after max-age");
        assertEquals(2, fetches.get(), "the old set was refreshed before use");
        assertNotNull(store.key("new").await().indefinitely(), "the remaining key still verifies");
    }

    @Test
    void whileRefreshesFailCachedKeysAreUsedUntilMaxStaleAndThenNoLonger() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicBoolean gatewayDown = new AtomicBoolean();
        String document = jwks(ec("k1"));
        GrantKeyStore store = new GrantKeyStore(() -> gatewayDown.get()
                ? Uni.createFrom().failure(new java.net.ConnectException("refused"))
                : Uni.createFrom().item(document), Duration.ZERO, MAX_AGE, MAX_STALE, clock::get);
        assertNotNull(store.key("k1").await().indefinitely());

        gatewayDown.set(true);
        clock.addAndGet(MAX_STALE.minusSeconds(1).toNanos());
        assertNotNull(store.key("k1").await().indefinitely(), "a failed refresh keeps keys younger than max-stale");

        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(ProblemType.GRANT_KEYS_UNAVAILABLE, failureOf(store, "k1"),
                "keys older than max-stale are not used: fail closed");

        gatewayDown.set(false);
        assertNotNull(store.key("k1").await().indefinitely(), "a successful fetch restores them");
    }

    @Test
    void maxStaleShorterThanMaxAgeIsRefusedAtStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new GrantKeyStore(
                () -> Uni.createFrom().item("{}"), Duration.ZERO, MAX_AGE, MAX_AGE.minusSeconds(1)));
        assertTrue(e.getMessage().contains("jwks-max-stale"));
    }
}
