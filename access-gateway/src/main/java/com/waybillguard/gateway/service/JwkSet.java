package com.waybillguard.gateway.service;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Map;

/**
 * The JWK Set (RFC 7517) that verifies grants, built with jose4j: public parameters only, {@code use=sig},
 * {@code alg=ES256}, and {@code kid} = the RFC 7638 thumbprint (SHA-256) of the key, so that the same key
 * always has the same id.
 */
final class JwkSet {

    private static final String THUMBPRINT_HASH = "SHA-256";
    private static final String USE = "sig";
    private static final String ALGORITHM = "ES256";

    private JwkSet() {
    }

    /** The RFC 7638 thumbprint of a public key, base64url. */
    static String keyId(ECPublicKey key) {
        return jwk(key).calculateBase64urlEncodedThumbprint(THUMBPRINT_HASH);
    }

    /** {@code {"keys": [...]}} with one JWK per key, in the given order. */
    static Map<String, Object> of(List<SigningKeys.VerificationKey> keys) {
        List<Map<String, Object>> jwks = keys.stream().map(key -> {
            PublicJsonWebKey jwk = jwk(key.publicKey());
            jwk.setKeyId(key.keyId());
            jwk.setUse(USE);
            jwk.setAlgorithm(ALGORITHM);
            return jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        }).toList();
        return Map.of("keys", jwks);
    }

    private static PublicJsonWebKey jwk(ECPublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot express a grant key as a JWK", e);
        }
    }
}
