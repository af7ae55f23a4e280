package com.waybillguard.audit.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.gatewayAlert;
import static com.waybillguard.audit.AuditTestSupport.token;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alerts raised by any service become rows in the ingest transaction; auditors list and resolve them. */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class AlertApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PROBLEMS = "https://waybill-guard.example/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RedisDataSource redis;

    @TestHTTPResource(value = "/metrics", management = true)
    URL prometheus;

    private void xadd(String eventJson) {
        redis.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(eventJson));
    }

    private JsonPath alerts(Map<String, ?> query) {
        return given().auth().oauth2(auditor()).queryParams(query)
                .when().get("/api/v1/audit/alerts")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    private String raise(String sub, String username, Instant at) {
        String alertId = UUID.randomUUID().toString();
        xadd(gatewayAlert(alertId, at, sub, username, List.of(UUID.randomUUID().toString())));
        await().atMost(WAIT).until(() -> alerts(Map.of("actor", sub)).getList("items.id").contains(alertId));
        return alertId;
    }

    private double metric(String line) {
        String text = given().when().get(prometheus).then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith(line + " ")).mapToDouble(l -> Double.parseDouble(l.substring(line.length() + 1)))
                .findFirst().orElse(0);
    }

    @Test
    void anAlertFromAnotherServiceBecomesARowWithTheExactJsonOfTheDesign() throws Exception {
        String sub = unique("sub-enum");
        String alertId = UUID.randomUUID().toString();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        Instant at = Instant.parse("2026-11-28T09:14:03.120Z");
        double raisedBefore = metric("wg_alerts_raised_total{mode=\"enforce\",rule=\"ENUMERATION\"}");
        double suspensionsBefore = metric("wg_suspensions_total{rule=\"ENUMERATION\"}");
        double delaysBefore = metric("wg_detection_delay_seconds_count");
        xadd(gatewayAlert(alertId, at, sub, "clerk.jize", List.of(first, second)));
        await().atMost(WAIT).until(() -> !alerts(Map.of("actor", sub)).getList("items").isEmpty());

        String body = given().auth().oauth2(auditor()).queryParam("actor", sub)
                .when().get("/api/v1/audit/alerts").then().statusCode(200).extract().asString();
        JsonNode alert = JSON.readTree(body).get("items").get(0);
        JsonNode expected = JSON.readTree("{\"id\": \"" + alertId + "\", \"rule\": \"ENUMERATION\", \"severity\": \"HIGH\", "
                + "\"mode\": \"enforce\", \"status\": \"OPEN\", \"raisedAt\": \"2026-11-28T09:14:03.120Z\", "
                + "\"actor\": {\"sub\": \"" + sub + "\", \"username\": \"clerk.jize\", \"role\": \"clerk\", \"outletId\": \"HD-JZ\"}, "
                + "\"summary\": \"12 near-consecutive waybill numbers in 40 s\", "
                + "\"evidence\": {\"eventIds\": [\"" + first + "\", \"" + second + "\"], \"figures\": {\"linked\": 12, \"windowSeconds\": 40}}, "
                + "\"suspended\": true, \"resolvedAt\": null, \"resolvedBy\": null, \"comment\": null}");
        assertEquals(expected, alert);
        JsonNode page = JSON.readTree(body);
        assertEquals(0, page.get("page").asInt());
        assertEquals(50, page.get("size").asInt());
        assertEquals(false, page.get("hasMore").asBoolean());

        // the event itself is chained with its alert map, and the chain still verifies
        JsonPath events = given().auth().oauth2(auditor()).queryParam("actor", sub).queryParam("action", "ALERT_RAISED")
                .when().get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath();
        assertEquals("ENUMERATION", events.getString("items[0].alert.rule"));
        assertEquals("12", events.getString("items[0].alert.'figure.linked'"));
        JsonPath verify = given().auth().oauth2(auditor()).when().get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath();
        assertTrue(verify.getBoolean("valid"), verify.prettify());

        assertEquals(raisedBefore + 1, metric("wg_alerts_raised_total{mode=\"enforce\",rule=\"ENUMERATION\"}"));
        assertEquals(suspensionsBefore + 1, metric("wg_suspensions_total{rule=\"ENUMERATION\"}"));
        assertEquals(delaysBefore + 1, metric("wg_detection_delay_seconds_count"));

        // redelivered under the same event id: still one alert
        xadd(gatewayAlert(alertId, at, sub, "clerk.jize", List.of(first, second)));
        String marker = raise(sub, "clerk.jize", at.plusSeconds(1));
        assertEquals(List.of(marker, alertId), alerts(Map.of("actor", sub)).getList("items.id"));
    }

    @Test
    void filtersAndPagingNewestFirst() {
        String sub = unique("sub-list");
        String username = unique("clerk");
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        String a = raise(sub, username, base);
        String b = raise(sub, username, base.plusSeconds(60));
        String c = raise(sub, username, base.plusSeconds(120));
        assertEquals(List.of(c, b, a), alerts(Map.of("actor", sub)).getList("items.id"));
        assertEquals(List.of(c, b, a), alerts(Map.of("actor", username)).getList("items.id"), "actor matches the username");
        JsonPath first = alerts(Map.of("actor", sub, "size", 2));
        assertEquals(List.of(c, b), first.getList("items.id"));
        assertTrue(first.getBoolean("hasMore"));
        JsonPath second = alerts(Map.of("actor", sub, "size", 2, "page", 1));
        assertEquals(List.of(a), second.getList("items.id"));
        assertEquals(false, second.getBoolean("hasMore"));
        assertEquals(List.of(c, b, a), alerts(Map.of("actor", sub, "rule", "ENUMERATION", "status", "OPEN")).getList("items.id"));
        assertEquals(List.of(), alerts(Map.of("actor", sub, "rule", "OFF_HOURS")).getList("items.id"));

        given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"comment\":\"known tester\"}")
                .when().post("/api/v1/audit/alerts/" + b + "/resolve").then().statusCode(200);
        assertEquals(List.of(b), alerts(Map.of("actor", sub, "status", "RESOLVED")).getList("items.id"));
        assertEquals(List.of(c, a), alerts(Map.of("actor", sub, "status", "OPEN")).getList("items.id"));

        for (Map<String, ?> bad : List.<Map<String, ?>>of(Map.of("status", "CLOSED"), Map.of("rule", "scope probing"),
                Map.of("size", 0), Map.of("size", 501), Map.of("page", -1))) {
            given().auth().oauth2(auditor()).queryParams(bad).when().get("/api/v1/audit/alerts")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "invalid-request"))
                    .body("detail", containsString("'" + bad.keySet().iterator().next() + "'"));
        }
    }

    @Test
    void resolvingAppendsAlertResolvedFirstAndAnswersTheResolvedAlert() {
        String sub = unique("sub-resolve");
        String id = raise(sub, "clerk.resolve", Instant.now());
        redis.value(String.class).set("{wg}:account:suspended:" + sub, "{\"reason\":\"detection: ENUMERATION\"}");

        given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"comment\":\"  trainee, confirmed by the outlet  \"}")
                .when().post("/api/v1/audit/alerts/" + id + "/resolve")
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("RESOLVED"))
                .body("resolvedBy", equalTo("auditor.zhou"))
                .body("comment", equalTo("trainee, confirmed by the outlet"))
                .body("resolvedAt", not(equalTo(null)))
                .body("suspended", equalTo(true));
        assertEquals("{\"reason\":\"detection: ENUMERATION\"}", redis.value(String.class).get("{wg}:account:suspended:" + sub),
                "resolving does not reinstate");

        await().atMost(WAIT).until(() -> !given().auth().oauth2(auditor()).queryParam("action", "ALERT_RESOLVED")
                .queryParam("actor", "auditor.zhou").queryParam("size", 500).when().get("/api/v1/audit/events")
                .then().extract().jsonPath().getList("items.findAll { it.targetSub == '" + sub + "' }").isEmpty());
        JsonPath events = given().auth().oauth2(auditor()).queryParam("action", "ALERT_RESOLVED").queryParam("size", 500)
                .when().get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath();
        Map<String, Object> event = events.getMap("items.find { it.targetSub == '" + sub + "' }");
        assertEquals("audit-service", event.get("source"));
        assertEquals("trainee, confirmed by the outlet", event.get("reason"));
        assertEquals(Map.of("alertId", id, "rule", "ENUMERATION"), event.get("alert"));
        assertEquals("auditor", ((Map<?, ?>) event.get("actor")).get("role"));

        given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"comment\":\"again\"}")
                .when().post("/api/v1/audit/alerts/" + id + "/resolve")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "alert-resolved"))
                .body("title", equalTo("Alert already resolved"));
        assertEquals("trainee, confirmed by the outlet", alerts(Map.of("actor", sub)).getString("items[0].comment"));
    }

    @Test
    void resolveRefusesUnknownIdsBadIdsAndBadBodies() {
        String id = raise(unique("sub-bad"), "clerk.bad", Instant.now());
        given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"comment\":\"x\"}")
                .when().post("/api/v1/audit/alerts/" + UUID.randomUUID() + "/resolve")
                .then().statusCode(404).contentType("application/problem+json").body("type", equalTo(PROBLEMS + "not-found"));
        given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"comment\":\"x\"}")
                .when().post("/api/v1/audit/alerts/not-a-uuid/resolve")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "invalid-request")).body("detail", containsString("UUID"));
        for (String body : List.of("", "{not json", "{}", "{\"comment\":\"   \"}", "{\"comment\":\"" + "x".repeat(501) + "\"}")) {
            given().auth().oauth2(auditor()).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/audit/alerts/" + id + "/resolve")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "invalid-request")).body("detail", containsString("comment"));
        }
        given().auth().oauth2(token("sub-clerk", "clerk.jize", "clerk")).contentType(ContentType.JSON).body("{\"comment\":\"x\"}")
                .when().post("/api/v1/audit/alerts/" + id + "/resolve")
                .then().statusCode(403).body("type", equalTo(PROBLEMS + "forbidden"));
        assertEquals("OPEN", alerts(Map.of("actor", "clerk.bad")).getString("items[0].status"), "nothing changed");
    }

    @Test
    void anAlertResolvedEventOnTheStreamResolvesAnOpenAlert() {
        String sub = unique("sub-stream");
        String id = raise(sub, "clerk.stream", Instant.now());
        xadd("{\"eventId\":\"" + UUID.randomUUID() + "\",\"occurredAt\":\"" + Instant.now() + "\",\"source\":\"audit-service\","
                + "\"action\":\"ALERT_RESOLVED\",\"actor\":{\"sub\":\"sub-auditor-li\",\"username\":\"auditor.li\",\"role\":\"auditor\"},"
                + "\"targetSub\":\"" + sub + "\",\"reason\":\"resolved by another replica\","
                + "\"alert\":{\"alertId\":\"" + id + "\",\"rule\":\"ENUMERATION\"}}");
        await().atMost(WAIT).until(() -> "RESOLVED".equals(alerts(Map.of("actor", sub)).getString("items[0].status")));
        JsonPath alert = alerts(Map.of("actor", sub));
        assertEquals("auditor.li", alert.getString("items[0].resolvedBy"));
        assertEquals("resolved by another replica", alert.getString("items[0].comment"));
        assertNull(alerts(Map.of("actor", sub, "status", "OPEN")).getString("items[0]"));
    }
}
