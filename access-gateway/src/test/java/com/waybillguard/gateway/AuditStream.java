package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.redis.datasource.RedisDataSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the audit stream as audit-service would: every entry this service wrote must carry {@code kid} and {@code sig},
 * the HMAC-SHA256 of its {@code event} text with the test profile's key (else the read fails the test).
 */
public final class AuditStream {

    /** The test profile's {@code wg.audit.signing-key} (test material). */
    private static final byte[] KEY = Base64.getDecoder().decode("dGVzdC1vbmx5IHN0cmVhbSBrZXkgb2YgYWNjZXNzLWdhdGV3YXkuLg==");

    private AuditStream() {
    }

    /** Every event about an account (its {@code actor.sub}), oldest first. */
    public static List<JsonNode> eventsOf(String sub) {
        RedisDataSource redis = Arc.container().instance(RedisDataSource.class).get();
        ObjectMapper json = Arc.container().instance(ObjectMapper.class).get();
        List<JsonNode> events = new ArrayList<>();
        io.vertx.mutiny.redis.client.Response entries = redis.execute("XRANGE", "{wg}:audit:events", "-", "+");
        for (int e = 0; e < entries.size(); e++) {
            io.vertx.mutiny.redis.client.Response fields = entries.get(e).get(1);
            Map<String, String> entry = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                entry.put(fields.get(i).toString(), fields.get(i + 1).toString());
            }
            if (entry.get("event") == null) {
                continue;
            }
            try {
                JsonNode event = json.readTree(entry.get("event"));
                if (sub.equals(event.at("/actor/sub").asText())) {
                    assertSigned(entry);
                    events.add(event);
                }
            } catch (java.io.IOException ex) {
                throw new AssertionError(ex);
            }
        }
        return events;
    }

    private static void assertSigned(Map<String, String> entry) {
        try {
            Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
            String keyId = base64url.encodeToString(MessageDigest.getInstance("SHA-256").digest(KEY)).substring(0, 16);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            String signature = base64url.encodeToString(mac.doFinal(entry.get("event").getBytes(StandardCharsets.UTF_8)));
            if (!keyId.equals(entry.get("kid")) || !signature.equals(entry.get("sig"))) {
                throw new AssertionError("audit stream entry not signed with the gateway's key: " + entry.keySet());
            }
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
