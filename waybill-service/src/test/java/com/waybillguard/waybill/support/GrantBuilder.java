package com.waybillguard.waybill.support;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.UUID;

/** Builds access grants as the gateway signs them, with knobs to forge every kind of bad grant. */
public final class GrantBuilder {

    private String issuer = "waybill-guard-gateway";
    private String audience = "waybill-service";
    private String sub;
    private String jti = UUID.randomUUID().toString();
    private String waybillNo;
    private String purpose;
    private String role;
    private String outletId;
    private String courierId;
    private String username = "someone";
    private String deviceId;
    private long issuedAtOffsetSeconds;
    private long ttlSeconds = 60;
    private long notBeforeDelaySeconds;
    private String algorithm = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
    private PrivateKey key = JwksTestServer.key().getPrivateKey();
    private String kid = JwksTestServer.KID;
    private String type = "wg-grant+jwt";

    public static GrantBuilder grant(String sub, String role, String waybillNo, String purpose, String deviceId) {
        GrantBuilder b = new GrantBuilder();
        b.sub = sub;
        b.role = role;
        b.waybillNo = waybillNo;
        b.purpose = purpose;
        b.deviceId = deviceId;
        return b;
    }

    public GrantBuilder outlet(String value) { this.outletId = value; return this; }
    public GrantBuilder courier(String value) { this.courierId = value; return this; }
    public GrantBuilder audience(String value) { this.audience = value; return this; }
    public GrantBuilder issuer(String value) { this.issuer = value; return this; }
    public GrantBuilder jti(String value) { this.jti = value; return this; }
    public GrantBuilder issuedSecondsAgo(long value) { this.issuedAtOffsetSeconds = value; return this; }
    public GrantBuilder ttl(long seconds) { this.ttlSeconds = seconds; return this; }
    public GrantBuilder validFromSecondsLater(long value) { this.notBeforeDelaySeconds = value; return this; }
    public GrantBuilder signedBy(PrivateKey value) { this.key = value; return this; }
    public GrantBuilder kid(String value) { this.kid = value; return this; }
    /** The header's {@code typ}; {@code null} leaves it out. */
    public GrantBuilder type(String value) { this.type = value; return this; }

    public String jti() {
        return jti;
    }

    private JwtClaims claims() {
        JwtClaims c = new JwtClaims();
        c.setIssuer(issuer);
        c.setAudience(audience);
        c.setSubject(sub);
        c.setJwtId(jti);
        long now = NumericDate.now().getValue() - issuedAtOffsetSeconds;
        c.setIssuedAt(NumericDate.fromSeconds(now));
        c.setNotBefore(NumericDate.fromSeconds(now + notBeforeDelaySeconds));
        c.setExpirationTime(NumericDate.fromSeconds(now + ttlSeconds));
        c.setStringClaim("waybill_no", waybillNo);
        c.setStringClaim("purpose", purpose);
        c.setStringClaim("role", role);
        if (outletId != null) {
            c.setStringClaim("outlet_id", outletId);
        }
        if (courierId != null) {
            c.setStringClaim("courier_id", courierId);
        }
        c.setStringClaim("username", username);
        c.setStringClaim("device_hash", deviceHash(deviceId));
        return c;
    }

    /** Signed with ES256 by the key the JWKS publishes (unless changed). */
    public String sign() {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKeyIdHeaderValue(kid);
        if (type != null) {
            jws.setHeader("typ", type);
        }
        jws.setKey(key);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 with the public key's bytes as secret: the classic algorithm-confusion forgery. */
    public String signHs256() {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue(kid);
        jws.setKey(new HmacKey(JwksTestServer.key().toJson().getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}, no signature. */
    public String unsigned() {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String deviceHash(String deviceId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(deviceId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
