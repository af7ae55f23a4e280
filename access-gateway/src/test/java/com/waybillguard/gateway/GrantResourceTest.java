package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class GrantResourceTest {

    /** The management interface ({@code /q/}), where health, metrics and the OpenAPI document are. */
    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    static final String PROBLEMS = "https://waybill-guard.example/problems/";
    static final String WAYBILL = "YT1234567890123";

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    static Response requestGrant(String token, String waybillNo, String purpose) {
        return given().auth().oauth2(token)
                .header("X-Device-Id", Tokens.DEVICE)
                .contentType(ContentType.JSON)
                .body(Map.of("waybillNo", waybillNo, "purpose", purpose))
                .post("/api/v1/grants");
    }

    @Test
    void issuesGrantVerifiableAgainstPublishedJwks() throws Exception {
        String sub = Tokens.newSub();
        Response response = requestGrant(Tokens.clerk(sub), WAYBILL, "COUNTER_INQUIRY");
        response.then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("RateLimit-Limit", "30")
                .header("RateLimit-Remaining", "29")
                .header("RateLimit-Reset", notNullValue())
                .header("Cache-Control", "no-store")
                .body("waybillNo", equalTo(WAYBILL))
                .body("purpose", equalTo("COUNTER_INQUIRY"))
                .body("expiresAt", notNullValue());
        String grant = response.jsonPath().getString("grant");
        assertEquals(3, grant.split("\\.").length);

        Response jwksResponse = given().get("/.well-known/jwks.json");
        jwksResponse.then().statusCode(200).header("Cache-Control", startsWith("public, max-age="))
                .body("keys[0].kty", equalTo("EC"))
                .body("keys[0].crv", equalTo("P-256"))
                .body("keys[0].use", equalTo("sig"))
                .body("keys[0].alg", equalTo("ES256"))
                .body("keys[0]", not(org.hamcrest.Matchers.hasKey("d")));
        JsonWebKeySet jwks = new JsonWebKeySet(jwksResponse.asString());

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(grant);
        assertEquals("ES256", jws.getAlgorithmHeaderValue());
        assertEquals("wg-grant+jwt", jws.getHeader("typ"));
        assertEquals(jwks.getJsonWebKeys().get(0).getKeyId(), jws.getKeyIdHeaderValue());

        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedAudience("waybill-service")
                .setExpectedIssuer("waybill-guard-gateway")
                .setExpectedSubject(sub)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireNotBefore()
                .setRequireJwtId()
                .setExpectedType(true, "wg-grant+jwt")
                .build();
        JwtClaims claims = consumer.processToClaims(grant);
        assertEquals(WAYBILL, claims.getStringClaimValue("waybill_no"));
        assertEquals("COUNTER_INQUIRY", claims.getStringClaimValue("purpose"));
        assertEquals("clerk", claims.getStringClaimValue("role"));
        assertEquals("HD-YN", claims.getStringClaimValue("outlet_id"));
        assertFalse(claims.hasClaim("courier_id"));
        assertEquals("clerk.test", claims.getStringClaimValue("username"));
        assertEquals(sha256(Tokens.DEVICE), claims.getStringClaimValue("device_hash"));
        assertEquals(60, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertEquals(claims.getIssuedAt().getValue(), claims.getNotBefore().getValue());
        assertEquals(Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                Instant.parse(response.jsonPath().getString("expiresAt")));
        Set<String> expected = new TreeSet<>(List.of("iss", "aud", "sub", "jti", "iat", "nbf", "exp", "waybill_no",
                "purpose", "role", "outlet_id", "username", "device_hash"));
        assertEquals(expected, new TreeSet<>(claims.getClaimNames()));

        // a grant signed by another key does not verify against the published set
        String[] parts = grant.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertThrows(consumer, tampered);
    }

    private static void assertThrows(JwtConsumer consumer, String token) {
        try {
            consumer.processToClaims(token);
        } catch (Exception expected) {
            return;
        }
        throw new AssertionError("a tampered grant verified");
    }

    @Test
    void courierGrantCarriesCourierId() throws Exception {
        Response response = requestGrant(Tokens.courier(Tokens.newSub()), WAYBILL, "DELIVERY");
        response.then().statusCode(201).header("RateLimit-Limit", "60");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(response.jsonPath().getString("grant"));
        JwtClaims claims = JwtClaims.parse(jws.getUnverifiedPayload());
        assertEquals("C-1001", claims.getStringClaimValue("courier_id"));
        assertEquals("courier", claims.getStringClaimValue("role"));
    }

    @Test
    void grantIssuedEventIsInTheStreamWithoutPersonalData() throws Exception {
        String sub = Tokens.newSub();
        Response response = given().auth().oauth2(Tokens.clerk(sub))
                .header("X-Device-Id", Tokens.DEVICE)
                .header("X-Request-Id", "trace-grant-1")
                .contentType(ContentType.JSON)
                .body(Map.of("waybillNo", WAYBILL, "purpose", "COUNTER_ACCEPT"))
                .post("/api/v1/grants");
        response.then().statusCode(201);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(response.jsonPath().getString("grant"));
        String jti = JwtClaims.parse(jws.getUnverifiedPayload()).getJwtId();

        JsonNode event = findEvent(e -> jti.equals(e.path("grantId").asText()));
        assertNotNull(event, "GRANT_ISSUED event for the grant");
        assertEquals("GRANT_ISSUED", event.get("action").asText());
        assertEquals("ALLOW", event.get("decision").asText());
        assertEquals("access-gateway", event.get("source").asText());
        assertEquals(sub, event.at("/actor/sub").asText());
        assertEquals("clerk", event.at("/actor/role").asText());
        assertEquals("HD-YN", event.at("/actor/outletId").asText());
        assertEquals(WAYBILL, event.get("waybillNo").asText());
        assertEquals("COUNTER_ACCEPT", event.get("purpose").asText());
        assertEquals(Tokens.DEVICE, event.get("deviceId").asText());
        assertEquals("trace-grant-1", event.get("traceId").asText());
        assertTrue(event.get("reason").isNull());
        Instant.parse(event.get("occurredAt").asText());
        java.util.UUID.fromString(event.get("eventId").asText());
        Set<String> fields = new TreeSet<>();
        event.fieldNames().forEachRemaining(fields::add);
        assertEquals(new TreeSet<>(List.of("eventId", "occurredAt", "source", "action", "actor", "deviceId",
                "clientIp", "waybillNo", "purpose", "view", "disclosure", "decision", "reason", "grantId",
                "traceId")), fields);
        String raw = event.toString();
        for (String personal : List.of("\"name\"", "phone", "address", "sender", "receiver")) {
            assertFalse(raw.contains(personal), "no personal data field " + personal);
        }
        assertFalse(raw.contains(response.jsonPath().getString("grant")), "the grant itself is not in the event");
    }

    JsonNode findEvent(java.util.function.Predicate<JsonNode> match) throws Exception {
        io.vertx.mutiny.redis.client.Response entries =
                redis.execute("XREVRANGE", "{wg}:audit:events", "+", "-", "COUNT", "1000");
        for (int e = 0; e < entries.size(); e++) {
            io.vertx.mutiny.redis.client.Response fields = entries.get(e).get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("event".equals(fields.get(i).toString())) {
                    JsonNode event = json.readTree(fields.get(i + 1).toString());
                    if (match.test(event)) {
                        return event;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void rejectsMalformedRequestsWithProblems() {
        String token = Tokens.clerk(Tokens.newSub());
        requestGrant(token, "yt123", "COUNTER_INQUIRY").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body("status", equalTo(400))
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("violations.field", hasItem("waybillNo"));
        requestGrant(token, WAYBILL, "BULK_EXPORT").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("purpose"));
        given().auth().oauth2(token).header("X-Device-Id", Tokens.DEVICE).contentType(ContentType.JSON)
                .body("{\"waybillNo\": ").post("/api/v1/grants")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body("detail", not(org.hamcrest.Matchers.containsString("Exception")));
        given().auth().oauth2(token).header("X-Device-Id", Tokens.DEVICE).contentType(ContentType.JSON)
                .post("/api/v1/grants")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("waybillNo", WAYBILL, "purpose", "COUNTER_INQUIRY")).post("/api/v1/grants")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-device-id"))
                .body("detail", org.hamcrest.Matchers.containsString("X-Device-Id"));
        given().auth().oauth2(token).header("X-Device-Id", "short").contentType(ContentType.JSON)
                .body(Map.of("waybillNo", WAYBILL, "purpose", "COUNTER_INQUIRY")).post("/api/v1/grants")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-device-id"));
        given().auth().oauth2(token).header("X-Device-Id", "dev/1234567").contentType(ContentType.JSON)
                .body(Map.of("waybillNo", WAYBILL, "purpose", "COUNTER_INQUIRY")).post("/api/v1/grants")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void requiresAValidToken() throws Exception {
        given().header("X-Device-Id", Tokens.DEVICE).contentType(ContentType.JSON)
                .body(Map.of("waybillNo", WAYBILL, "purpose", "COUNTER_INQUIRY")).post("/api/v1/grants")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo(PROBLEMS + "unauthorized"))
                .body("status", equalTo(401));
        requestGrant("not.a.token", WAYBILL, "COUNTER_INQUIRY").then().statusCode(401)
                .contentType("application/problem+json");
        requestGrant(Tokens.expiredClerk(Tokens.newSub()), WAYBILL, "COUNTER_INQUIRY").then().statusCode(401)
                .contentType("application/problem+json");
        requestGrant(Tokens.forgedClerk(Tokens.newSub()), WAYBILL, "COUNTER_INQUIRY").then().statusCode(401)
                .contentType("application/problem+json");
        String wrongAudience = Tokens.token(Tokens.newSub(), "x", "clerk", "HD-YN", null, "another-client");
        requestGrant(wrongAudience, WAYBILL, "COUNTER_INQUIRY").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void refusesPurposeOutsideTheRoleAndAuditsIt() throws Exception {
        String sub = Tokens.newSub();
        requestGrant(Tokens.clerk(sub), WAYBILL, "DELIVERY").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "purpose-not-allowed"))
                .body("detail", not(org.hamcrest.Matchers.containsString("clerk.test")));
        JsonNode event = findEvent(e -> sub.equals(e.at("/actor/sub").asText()));
        assertNotNull(event);
        assertEquals("GRANT_REFUSED", event.get("action").asText());
        assertEquals("DENY", event.get("decision").asText());
        assertEquals("PURPOSE_NOT_ALLOWED", event.get("reason").asText());
        assertTrue(event.get("grantId").isNull());

        requestGrant(Tokens.auditor(Tokens.newSub()), WAYBILL, "COUNTER_INQUIRY").then().statusCode(403)
                .body("type", equalTo(PROBLEMS + "purpose-not-allowed"));
        requestGrant(Tokens.admin(Tokens.newSub()), WAYBILL, "CUSTOMER_SERVICE").then().statusCode(403);
    }

    @Test
    void refusesSuspendedAccount() throws Exception {
        String sub = Tokens.newSub();
        redis.value(String.class).set("{wg}:account:suspended:" + sub, "{\"reason\":\"test\",\"by\":\"t\",\"at\":\"now\"}");
        try {
            requestGrant(Tokens.clerk(sub), WAYBILL, "COUNTER_INQUIRY").then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/account-suspended"))
                    .body("status", equalTo(403));
            JsonNode event = findEvent(e -> sub.equals(e.at("/actor/sub").asText()));
            assertNotNull(event);
            assertEquals("ACCOUNT_SUSPENDED", event.get("reason").asText());
        } finally {
            redis.key().del("{wg}:account:suspended:" + sub);
        }
        requestGrant(Tokens.clerk(sub), WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
    }

    @Test
    void quotaExhaustionAnswers429AndOverridesAreManagedByAdmins() throws Exception {
        quotaClockStandsStill();
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub);
        String admin = Tokens.admin(Tokens.newSub());

        given().auth().oauth2(clerk).contentType(ContentType.JSON)
                .body(Map.of("perMinute", 2, "perHour", 10, "perDay", 20))
                .put("/api/v1/admin/quotas/accounts/" + sub)
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "forbidden"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("perMinute", -1, "perHour", 10))
                .put("/api/v1/admin/quotas/accounts/" + sub)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("perMinute"))
                .body("violations.field", hasItem("perDay"));
        // above the configured ceiling (wg.quota.override-max.*): refused before anything is appended or written
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("perMinute", 301, "perHour", 10, "perDay", 20))
                .put("/api/v1/admin/quotas/accounts/" + sub)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body("detail", containsString("'perMinute' must be at most 300"));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("perMinute", 2, "perHour", 10, "perDay", 15001))
                .put("/api/v1/admin/quotas/accounts/" + sub)
                .then().statusCode(400).body("detail", containsString("'perDay' must be at most 15000"));
        assertEquals(0, redis.key().exists("{wg}:quota:override:" + sub) ? 1 : 0, "no override was written");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("perMinute", 2, "perHour", 10, "perDay", 20))
                .put("/api/v1/admin/quotas/accounts/" + sub)
                .then().statusCode(200).body("perMinute", equalTo(2));

        requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Limit", "2").header("RateLimit-Remaining", "1");
        requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Limit", "2").header("RateLimit-Remaining", "0");
        Response refused = requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY");
        refused.then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "quota-exceeded"))
                .body("status", equalTo(429))
                .header("RateLimit-Limit", "2")
                .header("RateLimit-Remaining", "0");
        assertEquals("60", refused.header("Retry-After"), "until the first grant leaves the minute window");
        assertEquals("60", refused.header("RateLimit-Reset"));

        JsonNode event = findEvent(e -> sub.equals(e.at("/actor/sub").asText())
                && "QUOTA_EXCEEDED".equals(e.path("reason").asText()));
        assertNotNull(event, "quota refusal audited");

        given().auth().oauth2(clerk).get("/api/v1/quota").then().statusCode(200)
                .body("sub", equalTo(sub))
                .body("role", equalTo("clerk"))
                .body("windows.find { it.window == 'minute' }.limit", equalTo(2))
                .body("windows.find { it.window == 'minute' }.remaining", equalTo(0))
                .body("windows.find { it.window == 'hour' }.limit", equalTo(10))
                .body("windows.find { it.window == 'hour' }.remaining", equalTo(8))
                .body("windows.find { it.window == 'day' }.remaining", equalTo(18))
                .body("windows.find { it.window == 'outlet-day' }.limit", equalTo(20000));

        given().auth().oauth2(admin).delete("/api/v1/admin/quotas/accounts/" + sub).then().statusCode(204);
        given().auth().oauth2(admin).delete("/api/v1/admin/quotas/accounts/" + sub).then().statusCode(404)
                .contentType("application/problem+json");
        requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Limit", "30").header("RateLimit-Remaining", "27");
    }

    @Test
    void quotaOverridesAreAuditedBeforeTheyTakeEffect() {
        String sub = Tokens.newSub();
        String adminSub = Tokens.newSub();
        String admin = Tokens.admin(adminSub);
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("perMinute", 3, "perHour", 30, "perDay", 90))
                .put("/api/v1/admin/quotas/accounts/" + sub).then().statusCode(200);
        given().auth().oauth2(admin).delete("/api/v1/admin/quotas/accounts/" + sub).then().statusCode(204);
        given().auth().oauth2(admin).delete("/api/v1/admin/quotas/accounts/" + sub).then().statusCode(404);

        List<JsonNode> events = AuditStream.eventsOf(adminSub);
        assertEquals(List.of("QUOTA_OVERRIDE_SET", "QUOTA_OVERRIDE_REMOVED"),
                events.stream().map(e -> e.path("action").asText()).toList(), "one event per change, none for the 404");
        JsonNode set = events.get(0);
        assertEquals(sub, set.path("targetSub").asText());
        assertEquals("admin", set.at("/actor/role").asText());
        assertEquals("perMinute=3 perHour=30 perDay=90", set.path("reason").asText());
        assertEquals("ALLOW", set.path("decision").asText());
        assertEquals(sub, events.get(1).path("targetSub").asText());
    }

    @Test
    void outletCeilingHoldsAcrossAccountsAndRefusalsConsumeNothing() {
        quotaClockStandsStill();
        String outlet = "XT-TEST";
        String first = Tokens.token(Tokens.newSub(), "clerk.a", "clerk", outlet, null);
        String second = Tokens.token(Tokens.newSub(), "clerk.b", "clerk", outlet, null);
        String third = Tokens.token(Tokens.newSub(), "clerk.c", "clerk", outlet, null);
        redis.key().del(redis.key().keys("{wg}:quota:outlet:" + outlet + ":*").toArray(String[]::new).length == 0
                ? new String[] {"{wg}:quota:outlet:" + outlet + ":none"}
                : redis.key().keys("{wg}:quota:outlet:" + outlet + ":*").toArray(String[]::new));

        requestGrant(first, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        requestGrant(second, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Limit", "2").header("RateLimit-Remaining", "0");
        Response refused = requestGrant(third, WAYBILL, "COUNTER_INQUIRY");
        refused.then().statusCode(429).body("type", equalTo(PROBLEMS + "quota-exceeded"));
        // the clock stands 10 s into a UTC day, 08:00:10 in the outlet's zone (wg.quota.zone, Asia/Shanghai): its
        // day ends at 16:00 UTC
        assertEquals(String.valueOf(java.time.Duration.ofHours(16).toSeconds() - 10), refused.header("Retry-After"),
                "until the outlet's local day ends");
        // the refused account's own windows were not consumed
        given().auth().oauth2(third).get("/api/v1/quota").then().statusCode(200)
                .body("windows.find { it.window == 'minute' }.remaining", equalTo(30))
                .body("windows.find { it.window == 'outlet-day' }.remaining", equalTo(0));
    }

    /** The quota clock stands still 10 s into a minute, so a multi-request quota test cannot flake. */
    static TestClock quotaClockStandsStill() {
        return TestClock.installAt(TestClock.secondsIntoAMinute(10));
    }

    @Test
    void publishesMetricsAndOpenApi() {
        requestGrant(Tokens.clerk(Tokens.newSub()), WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        requestGrant(Tokens.clerk(Tokens.newSub()), WAYBILL, "PICKUP").then().statusCode(403);
        given().get(management + "metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("wg_grants_issued_total{"))
                .body(org.hamcrest.Matchers.containsString("reason=\"PURPOSE_NOT_ALLOWED\""));
        given().get(management + "openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/grants"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/waybills/{waybillNo}"));
        given().get(management + "health/live").then().statusCode(200);
    }

    @Test
    void quotaShowsRoleDefaults() {
        String sub = Tokens.newSub();
        given().auth().oauth2(Tokens.csAgent(sub)).get("/api/v1/quota").then().statusCode(200)
                .body("role", equalTo("cs_agent"))
                .body("windows.window", equalTo(List.of("minute", "hour", "day", "role-day")))
                .body("windows.find { it.window == 'minute' }.limit", equalTo(20))
                .body("windows.find { it.window == 'minute' }.remaining", equalTo(20))
                .body("windows.find { it.window == 'hour' }.limit", equalTo(200))
                .body("windows.find { it.window == 'day' }.limit", equalTo(1000))
                .body("windows.find { it.window == 'role-day' }.limit", equalTo(20000))
                .body("windows[0].resetSeconds", notNullValue());
        given().auth().oauth2(Tokens.auditor(sub)).get("/api/v1/quota").then().statusCode(200)
                .body("windows.size()", equalTo(0));
        given().get("/api/v1/quota").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void unknownPathIsAProblem() {
        given().auth().oauth2(Tokens.clerk(Tokens.newSub())).get("/api/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "not-found"));
        given().auth().oauth2(Tokens.clerk(Tokens.newSub())).get("/api/v1/grants").then().statusCode(405)
                .contentType("application/problem+json");
    }

    static String sha256(String value) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
