package com.waybillguard.audit.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The key id of a checkpoint key: the RFC 7638 thumbprint of the Ed25519 public key written as an OKP JWK
 * (RFC 8037), that is base64url (no padding) of SHA-256 over {@code {"crv":"Ed25519","kty":"OKP","x":"<x>"}}
 * with {@code x} the base64url of the raw 32-byte key. Anyone holding the public key computes the same id.
 */
public final class JwkThumbprint {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int ED25519_KEY_LENGTH = 32;

    private JwkThumbprint() {
    }

    /** The thumbprint of the Ed25519 key whose X.509 SubjectPublicKeyInfo encoding is {@code spki}. */
    public static String ofEd25519(byte[] spki) {
        if (spki.length != ED25519_SPKI_PREFIX.length + ED25519_KEY_LENGTH
                || !Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 SubjectPublicKeyInfo");
        }
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String x = base64url.encodeToString(Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length));
        String jwk = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}";
        try {
            return base64url.encodeToString(MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
