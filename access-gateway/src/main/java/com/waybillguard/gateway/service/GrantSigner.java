package com.waybillguard.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs a grant as a compact JWS (RFC 7515) with ES256: the protected header ({@code kid}, {@code typ}, {@code alg})
 * is encoded once, the claims are written by Jackson, and the signature is the raw {@code R || S} pair JWS asks for
 * ({@code SHA256withECDSAinP1363Format}). A general JWT builder read a dozen configuration properties on every grant
 * and built the JSON twice; under load that cost as much as the signature itself (BENCHMARKS.md).
 */
@ApplicationScoped
public class GrantSigner {

    static final String ALGORITHM = "ES256";
    private static final String JCA_ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys keys;
    private final ObjectMapper json;
    private final String encodedHeader;

    public GrantSigner(SigningKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
        Map<String, String> header = new LinkedHashMap<>();
        header.put("kid", keys.keyId());
        header.put("typ", GrantService.GRANT_TYPE);
        header.put("alg", ALGORITHM);
        this.encodedHeader = encode(header);
    }

    /** The compact serialization of a grant with these claims, signed by the current key. */
    public String sign(Map<String, Object> claims) {
        String signingInput = encodedHeader + "." + encode(claims);
        try {
            Signature signature = Signature.getInstance(JCA_ALGORITHM);
            signature.initSign(keys.privateKey());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("grant could not be signed", e);
        }
    }

    private String encode(Map<String, ?> object) {
        try {
            return BASE64URL.encodeToString(json.writeValueAsBytes(object));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("grant JSON could not be written", e);
        }
    }
}
