package com.waybillguard.waybill.support;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.restassured.http.ContentType;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/** Creates waybills through the admin API and reads the audit stream back. */
public final class TestWaybills {

    public static final String SENDER_NAME = "张三丰";
    public static final String SENDER_PHONE = "+86 138-1234-5678";
    public static final String SENDER_DETAIL = "临洺关镇人民路88号";
    public static final String RECEIVER_NAME = "李雷";
    public static final String RECEIVER_PHONE = "13987654321";
    public static final String RECEIVER_DETAIL = "鸡泽镇建设大街16号幸福小区3栋2单元501室";
    public static final String STREAM = "{wg}:audit:events";

    private TestWaybills() {
    }

    public static String uniqueNumber() {
        return "TS" + (1_000_000_000_000L + ThreadLocalRandom.current().nextLong(8_999_999_999_999L));
    }

    public static String body(String waybillNo, String status, String origin, String destination, String pickup,
                              String delivery) {
        return """
                {"waybillNo": %s, "status": "%s", "originOutletId": "%s", "destinationOutletId": "%s",
                 "weightGrams": 1200, "itemCategory": "DOCUMENTS", "pickupCourierId": %s, "deliveryCourierId": %s,
                 "sender": {"name": "%s", "phone": "%s",
                            "address": {"province": "河北省", "city": "邯郸市", "district": "永年区", "detail": "%s"}},
                 "receiver": {"name": "%s", "phone": "%s",
                              "address": {"province": "河北省", "city": "邯郸市", "district": "鸡泽县", "detail": "%s"}}}
                """.formatted(quote(waybillNo), status, origin, destination, quote(pickup), quote(delivery),
                SENDER_NAME, SENDER_PHONE, SENDER_DETAIL, RECEIVER_NAME, RECEIVER_PHONE, RECEIVER_DETAIL);
    }

    public static String create(String status, String origin, String destination, String pickup, String delivery) {
        String no = uniqueNumber();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(body(no, status, origin, destination, pickup, delivery))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(201);
        return no;
    }

    private static String quote(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    /**
     * All audit event JSON documents in the stream; each entry must be signed with the test profile's
     * {@code wg.audit.signing-key} (test material), else the read fails the test.
     */
    public static List<String> auditEvents(RedisDataSource redis) {
        List<StreamMessage<String, String, String>> messages =
                redis.stream(String.class).xrange(STREAM, StreamRange.of("-", "+"));
        return messages.stream().map(StreamMessage::payload).map(TestWaybills::signedEvent).toList();
    }

    private static String signedEvent(Map<String, String> entry) {
        byte[] key = Base64.getDecoder().decode("dGVzdC1vbmx5IHN0cmVhbSBrZXkgb2Ygd2F5YmlsbC1zZXJ2aWNlLg==");
        try {
            Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String signature = base64url.encodeToString(mac.doFinal(entry.get("event").getBytes(StandardCharsets.UTF_8)));
            String keyId = base64url.encodeToString(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 16);
            if (!signature.equals(entry.get("sig")) || !keyId.equals(entry.get("kid"))) {
                throw new AssertionError("audit stream entry not signed with waybill-service's key: " + entry.keySet());
            }
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        return entry.get("event");
    }

    public static Map<String, String> noPersonalData() {
        return Map.of("sender name", SENDER_NAME, "receiver name", RECEIVER_NAME, "sender phone", "5678",
                "receiver phone", "4321", "sender detail", SENDER_DETAIL, "receiver detail", RECEIVER_DETAIL,
                "district", "永年区");
    }
}
