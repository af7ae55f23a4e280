package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.event;
import static com.waybillguard.audit.AuditTestSupport.uniqueWaybillNo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whoever can write to Redis (an insider with its password, or a compromised service) tries to put events into the
 * chain: every entry that is not signed with the key of the service its {@code source} names is dead-lettered, never
 * chained, and raises a CRITICAL {@code FORGED_ENTRY} alert.
 */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class SignedEntryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    RedisDataSource redis;

    @Test
    void entriesNotSignedByTheirSourcesKeyAreRefusedAndRaiseAnAlert() {
        String sub = AuditTestSupport.unique("sub-forged");
        Map<String, String> errors = new HashMap<>();

        String unsigned = read(sub);
        errors.put(xadd(Map.of("event", unsigned)), "the entry is not signed");

        String tampered = read(sub);
        Map<String, String> altered = new HashMap<>(AuditTestSupport.entry(tampered));
        altered.put("event", tampered.replace("\"ALLOW\"", "\"DENY\""));
        errors.put(xadd(altered), "the signature does not match the entry");

        String unknown = read(sub);
        byte[] ownKey = new byte[32];
        Map<String, String> selfSigned = Map.of("event", unknown, "kid", AuditTestSupport.keyId(ownKey),
                "sig", AuditTestSupport.hmac(ownKey, unknown));
        errors.put(xadd(selfSigned), "the entry is signed with an unknown key");

        // waybill-service's key, used for an event that claims to come from the gateway (a compromised waybill-service)
        String impersonation = read(sub).replace("\"source\":\"waybill-service\"", "\"source\":\"access-gateway\"");
        errors.put(xadd(AuditTestSupport.entry(impersonation, "waybill-service")),
                "the entry's source access-gateway is not the service its key belongs to (waybill-service)");

        String genuine = read(sub);
        xadd(AuditTestSupport.entry(genuine));

        await().atMost(WAIT).until(() -> events(sub).getList("items").size() == 1);
        assertEquals(List.of(idOf(genuine)), events(sub).getList("items.eventId"), "only the signed entry is chained");

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, String> dead = new HashMap<>();
            for (StreamMessage<String, String, String> m : redis.stream(String.class).xrange(AuditTestSupport.DEAD, StreamRange.of("-", "+"))) {
                dead.put(m.payload().get("sourceId"), m.payload().get("error"));
            }
            errors.forEach((id, error) -> assertEquals(error, dead.get(id), "dead letter of " + id));
        });

        JsonPath alert = await().atMost(WAIT).until(() -> given().auth().oauth2(auditor())
                        .queryParams(Map.of("rule", "FORGED_ENTRY"))
                        .when().get("/api/v1/audit/alerts").then().statusCode(200).extract().jsonPath(),
                page -> !page.getList("items").isEmpty());
        assertEquals("CRITICAL", alert.getString("items[0].severity"));
        assertEquals(false, alert.getBoolean("items[0].suspended"), "nobody is suspended for what a forger claims");
        assertTrue(alert.getString("items[0].summary").contains("refused as not authentic"), alert.getString("items[0].summary"));
        assertTrue(alert.getInt("items[0].evidence.figures.entries") >= 1, alert.prettify());
    }

    private String read(String sub) {
        return event(UUID.randomUUID().toString(), Instant.now(), "WAYBILL_READ", sub, "clerk.forged", "HD-YN",
                uniqueWaybillNo(), "ALLOW");
    }

    private static String idOf(String json) {
        return json.substring(json.indexOf("\"eventId\":\"") + 11, json.indexOf("\"eventId\":\"") + 47);
    }

    private String xadd(Map<String, String> entry) {
        return redis.stream(String.class).xadd(AuditTestSupport.STREAM, entry);
    }

    private JsonPath events(String sub) {
        return given().auth().oauth2(auditor()).queryParam("actor", sub)
                .when().get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath();
    }
}
