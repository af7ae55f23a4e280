package com.waybillguard.audit;

import io.smallrye.jwt.build.Jwt;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tokens and events for the integration tests. */
public final class AuditTestSupport {

    public static final String STREAM = "{wg}:audit:events";
    public static final String DEAD = "{wg}:audit:dead";
    public static final String GROUP = "audit-service";

    /**
     * The test profile's stream keys (application.properties, {@code %test.wg.audit.stream-keys.*} and
     * {@code %test.wg.audit.signing-key}): test material, never used outside the tests.
     */
    public static final Map<String, String> STREAM_KEYS = Map.of(
            "access-gateway", "dGVzdC1vbmx5IHN0cmVhbSBrZXkgb2YgYWNjZXNzLWdhdGV3YXkuLg==",
            "waybill-service", "dGVzdC1vbmx5IHN0cmVhbSBrZXkgb2Ygd2F5YmlsbC1zZXJ2aWNlLg==",
            "audit-service", "dGVzdC1vbmx5IHN0cmVhbSBrZXkgb2YgYXVkaXQtc2VydmljZS4uLg==");

    private static final Pattern SOURCE = Pattern.compile("\"source\":\"([a-z-]+)\"");

    private AuditTestSupport() {
    }

    /**
     * A stream entry for {@code eventJson}, signed as the service its {@code source} names would sign it (with the
     * waybill-service key when the text names no source).
     */
    public static Map<String, String> entry(String eventJson) {
        Matcher source = SOURCE.matcher(eventJson);
        return entry(eventJson, source.find() && STREAM_KEYS.containsKey(source.group(1)) ? source.group(1) : "waybill-service");
    }

    /** A stream entry for {@code eventJson} signed with the test key of {@code signer}. */
    public static Map<String, String> entry(String eventJson, String signer) {
        byte[] key = Base64.getDecoder().decode(STREAM_KEYS.get(signer));
        return Map.of("event", eventJson, "kid", keyId(key), "sig", hmac(key, eventJson));
    }

    /** {@code kid} of a stream key: the first 16 characters of base64url(SHA-256(key)). */
    public static String keyId(byte[] key) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(key))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sig}: base64url HMAC-SHA256 of the event text. */
    public static String hmac(byte[] key, String eventJson) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(eventJson.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String token(String sub, String username, String role) {
        return token(sub, username, Set.of(role));
    }

    public static String token(String sub, String username, Set<String> roles) {
        return Jwt.subject(sub)
                .preferredUserName(username)
                .groups(roles)
                .issuer("https://server.example.com")
                .audience("wg-gateway")
                .sign();
    }

    public static String auditor() {
        return token("sub-auditor-zhou", "auditor.zhou", "auditor");
    }

    public static String uniqueWaybillNo() {
        return "YT" + (1_000_000_000_000L + ThreadLocalRandom.current().nextLong(8_999_999_999_999L));
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A read event in the shape of docs/internals.md. */
    public static String event(String eventId, Instant occurredAt, String action, String sub, String username,
                               String outletId, String waybillNo, String decision) {
        return "{\"eventId\":\"" + eventId + "\",\"occurredAt\":\"" + occurredAt + "\",\"source\":\"waybill-service\","
                + "\"action\":\"" + action + "\",\"actor\":{\"sub\":\"" + sub + "\",\"username\":\"" + username
                + "\",\"role\":\"clerk\",\"outletId\":\"" + outletId + "\",\"courierId\":null},\"deviceId\":\"dev-1234\","
                + "\"clientIp\":\"127.0.0.1\",\"waybillNo\":\"" + waybillNo + "\",\"purpose\":\"COUNTER_INQUIRY\","
                + "\"view\":\"COUNTER_INQUIRY\",\"disclosure\":{\"sender.name\":\"MASKED\",\"sender.phone\":\"MASKED\","
                + "\"sender.address.detail\":\"HIDDEN\"},\"decision\":\"" + decision + "\",\"reason\":null,"
                + "\"grantId\":\"" + UUID.randomUUID() + "\",\"traceId\":\"trace-1\"}";
    }

    /**
     * An ALERT_RAISED event as another producer (access-gateway, waybill-service) appends it (design of issue 9):
     * ENUMERATION, enforce, about a clerk, with two evidence events and two figures.
     */
    public static String gatewayAlert(String alertId, Instant occurredAt, String sub, String username, List<String> evidence) {
        return "{\"eventId\":\"" + alertId + "\",\"occurredAt\":\"" + occurredAt + "\",\"source\":\"access-gateway\","
                + "\"action\":\"ALERT_RAISED\",\"actor\":{\"sub\":\"" + sub + "\",\"username\":\"" + username
                + "\",\"role\":\"clerk\",\"outletId\":\"HD-JZ\",\"courierId\":null},\"deviceId\":\"dev-1234\","
                + "\"clientIp\":\"203.0.113.7\",\"waybillNo\":\"YT1234567890123\",\"purpose\":\"COUNTER_INQUIRY\","
                + "\"reason\":\"12 near-consecutive waybill numbers in 40 s\",\"alert\":{\"rule\":\"ENUMERATION\","
                + "\"severity\":\"HIGH\",\"mode\":\"enforce\",\"summary\":\"12 near-consecutive waybill numbers in 40 s\","
                + "\"suspended\":\"true\",\"eventIds\":\"" + String.join(",", evidence) + "\",\"triggeredAt\":\""
                + occurredAt.minusMillis(120) + "\",\"figure.linked\":\"12\",\"figure.windowSeconds\":\"40\"}}";
    }
}
