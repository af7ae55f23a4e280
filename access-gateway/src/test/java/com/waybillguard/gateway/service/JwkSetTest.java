package com.waybillguard.gateway.service;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The published JWK Set: public EC parameters only, and kid = RFC 7638 thumbprint, checked by hand here. */
class JwkSetTest {

    /** RFC 7638, section 3.2: SHA-256 over the required members in lexicographic order, no whitespace. */
    static String rfc7638(ECPublicKey key) throws Exception {
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(key.getW().getAffineX())
                + "\",\"y\":\"" + coordinate(key.getW().getAffineY()) + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** A P-256 coordinate as 32 big-endian bytes, base64url (RFC 7518, section 6.2.1.2). */
    static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(raw.length, fixed.length);
        System.arraycopy(raw, raw.length - length, fixed, fixed.length - length, length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    @Test
    void keyIdIsTheRfc7638Thumbprint() throws Exception {
        for (int i = 0; i < 5; i++) {
            ECPublicKey key = (ECPublicKey) TestKeys.newPair().getPublic();
            assertEquals(rfc7638(key), JwkSet.keyId(key));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void publishesPublicParametersOnlyInOrder() throws Exception {
        KeyPair current = TestKeys.newPair();
        KeyPair previous = TestKeys.newPair();
        List<SigningKeys.VerificationKey> keys = SigningKeys.verificationKeys(
                new SigningKeys.VerificationKey(JwkSet.keyId((ECPublicKey) current.getPublic()),
                        (ECPublicKey) current.getPublic()),
                // listed twice, and the current key again: each published once
                List.of((ECPublicKey) previous.getPublic(), (ECPublicKey) previous.getPublic(),
                        (ECPublicKey) current.getPublic()));

        List<Map<String, Object>> jwks = (List<Map<String, Object>>) JwkSet.of(keys).get("keys");

        assertEquals(2, jwks.size());
        for (int i = 0; i < 2; i++) {
            ECPublicKey key = (ECPublicKey) (i == 0 ? current : previous).getPublic();
            Map<String, Object> jwk = jwks.get(i);
            assertEquals("EC", jwk.get("kty"));
            assertEquals("P-256", jwk.get("crv"));
            assertEquals(coordinate(key.getW().getAffineX()), jwk.get("x"));
            assertEquals(coordinate(key.getW().getAffineY()), jwk.get("y"));
            assertEquals(rfc7638(key), jwk.get("kid"));
            assertEquals("sig", jwk.get("use"));
            assertEquals("ES256", jwk.get("alg"));
            assertFalse(jwk.containsKey("d"), "no private part");
            assertEquals(List.of("alg", "crv", "kid", "kty", "use", "x", "y"),
                    jwk.keySet().stream().sorted().toList(), Arrays.toString(jwk.keySet().toArray()));
        }
    }
}
