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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GrantKeyStoreTest {

    private static final Duration MAX_AGE = Duration.ofMinutes(10);

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
        }), Duration.ofHours(1), MAX_AGE);

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
        GrantKeyStore store = new GrantKeyStore(() -> Uni.createFrom().item(document::get), Duration.ZERO, MAX_AGE);
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
        GrantKeyStore store = new GrantKeyStore(() -> Uni.createFrom().item(jwks(rsa, p384)), Duration.ZERO, MAX_AGE);
        assertEquals(ProblemType.GRANT_INVALID, failureOf(store, "rsa"));
        assertEquals(ProblemType.GRANT_INVALID, failureOf(store, "p384"));
    }

    @Test
    void unreachableGatewayIsUnavailableNotUnauthorized() {
        GrantKeyStore store = new GrantKeyStore(
                () -> Uni.createFrom().failure(new java.net.ConnectException("refused")), Duration.ZERO, MAX_AGE);
        assertEquals(ProblemType.GRANT_KEYS_UNAVAILABLE, failureOf(store, "k1"));
    }
}
