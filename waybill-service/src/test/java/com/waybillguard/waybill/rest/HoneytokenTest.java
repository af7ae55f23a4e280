package com.waybillguard.waybill.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.waybill.support.GrantBuilder;
import com.waybillguard.waybill.support.LogCapture;
import com.waybillguard.waybill.support.RedisMonitor;
import com.waybillguard.waybill.support.TestWaybills;
import com.waybillguard.waybill.support.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HONEYTOKEN rule in its default, enforce mode: a canary read is answered exactly like the read of its twin,
 * and in the same Redis call the reader is suspended, with the alert and the suspension on the audit stream.
 */
@QuarkusTest
class HoneytokenTest {

    static final String PROBLEMS = "https://waybill-guard.example/problems/";
    static final String DEVICE = "device-canary-1";
    static final String SUSPENDED = "{wg}:account:suspended:";
    static final String JTI = "{wg}:grant:jti:";
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisUrl;

    // ---- helpers shared with HoneytokenShadowTest ------------------------------------------------------------

    /** A waybill as TestWaybills creates it, made a canary or not. */
    static String create(boolean canary) {
        String no = TestWaybills.uniqueNumber();
        String body = TestWaybills.body(no, "IN_TRANSIT", "HD-YN", "HD-JZ", "C-1001", "C-1002");
        if (canary) {
            body = body.replaceFirst("\\{", "{\"canary\": true, ");
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(201).body("size()", equalTo(1)).body("waybillNo", equalTo(no));
        return no;
    }

    static String sub(String what) {
        return "sub-" + what + "-" + System.nanoTime();
    }

    static GrantBuilder grant(String sub, String waybillNo, String outlet) {
        return GrantBuilder.grant(sub, "clerk", waybillNo, "COUNTER_INQUIRY", DEVICE).outlet(outlet);
    }

    static ValidatableResponse read(String sub, String outlet, String waybillNo, String grant) {
        return given().auth().oauth2(Tokens.access(sub, sub, "clerk", outlet, null))
                .header("X-Device-Id", DEVICE).header("X-Access-Grant", grant)
                .when().get("/api/v1/waybills/" + waybillNo).then().log().ifValidationFails();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stream's events with this actor, in stream order. */
    static List<JsonNode> eventsOf(RedisDataSource redis, String sub) {
        return TestWaybills.auditEvents(redis).stream().map(HoneytokenTest::parse)
                .filter(e -> sub.equals(e.path("actor").path("sub").asText(null)))
                .toList();
    }

    static JsonNode only(List<JsonNode> events, String action) {
        List<JsonNode> found = events.stream().filter(e -> action.equals(e.path("action").asText())).toList();
        assertEquals(1, found.size(), action + " events: " + events);
        return found.get(0);
    }

    /** Every field path of a JSON document with its value (leaves only). */
    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new TreeMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String path, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), out);
            }
        } else {
            out.put(path, node.isNull() ? null : node.asText());
        }
    }

    /** The view of a read with the fields that name the waybill itself left out. */
    static Map<String, String> withoutIdentity(String body) {
        Map<String, String> fields = flatten(parse(body));
        fields.remove("waybillNo");
        fields.remove("createdAt");
        fields.remove("updatedAt");
        return fields;
    }

    static void assertNoCanaryMember(JsonNode event) {
        flatten(event).forEach((path, value) -> {
            assertFalse(path.toLowerCase(Locale.ROOT).contains("canary"), "member " + path + " in " + event);
            assertFalse(value != null && value.toLowerCase(Locale.ROOT).contains("honeytoken"), "value of " + path);
        });
    }

    // ---- enforce ---------------------------------------------------------------------------------------------

    @Test
    void canaryReadAnswersLikeItsTwinThenSuspendsTheReader() {
        String twin = create(false);
        String canary = create(true);
        String sub = sub("clerk-canary");

        String plainBody = read(sub, "HD-JZ", twin, grant(sub, twin, "HD-JZ").sign())
                .statusCode(200).extract().asString();
        GrantBuilder canaryGrant = grant(sub, canary, "HD-JZ");
        Instant before = Instant.now();
        String canaryBody = read(sub, "HD-JZ", canary, canaryGrant.sign())
                .statusCode(200).contentType("application/json")
                .body("waybillNo", equalTo(canary))
                .body("view", equalTo("COUNTER_INQUIRY"))
                .body("sender.name", equalTo("张**"))
                .extract().asString();
        // the same keys, the same view, the same masked values: nothing tells the canary apart
        assertEquals(withoutIdentity(plainBody), withoutIdentity(canaryBody));
        assertFalse(canaryBody.toLowerCase(Locale.ROOT).contains("canary"), canaryBody);

        // the marker is set: reason names the rule and the alert, by the detector, at a time
        String marker = redis.value(String.class).get(SUSPENDED + sub);
        assertNotNull(marker, "suspension marker");
        JsonNode value = parse(marker);
        assertEquals("detection:waybill-service", value.path("by").asText());
        assertTrue(value.path("reason").asText().matches("detection: HONEYTOKEN \\(alert [0-9a-f-]{36}\\)"), marker);
        assertFalse(Instant.parse(value.path("at").asText()).isBefore(before.minusSeconds(1)), marker);

        List<JsonNode> events = eventsOf(redis, sub);
        JsonNode readEvent = events.stream()
                .filter(e -> canaryGrant.jti().equals(e.path("grantId").asText())).findFirst().orElseThrow();
        assertEquals("WAYBILL_READ", readEvent.path("action").asText());
        assertEquals("ALLOW", readEvent.path("decision").asText());
        assertEquals("COUNTER_INQUIRY", readEvent.path("view").asText());
        assertNoCanaryMember(readEvent);
        assertFalse(readEvent.has("alert"), "the read event carries an alert: " + readEvent);

        JsonNode alertEvent = only(events, "ALERT_RAISED");
        JsonNode alert = alertEvent.path("alert");
        assertEquals("HONEYTOKEN", alert.path("rule").asText());
        assertEquals("CRITICAL", alert.path("severity").asText());
        assertEquals("enforce", alert.path("mode").asText());
        assertEquals("true", alert.path("suspended").asText());
        assertEquals(readEvent.path("eventId").asText(), alert.path("eventIds").asText());
        assertEquals(readEvent.path("occurredAt").asText(), alert.path("triggeredAt").asText());
        assertFalse(alert.path("summary").asText().isBlank());
        alert.fields().forEachRemaining(f -> assertTrue(f.getValue().isTextual(), "alert." + f.getKey() + " not a string"));
        assertEquals("waybill-service", alertEvent.path("source").asText());
        assertEquals(canary, alertEvent.path("waybillNo").asText());
        assertEquals(DEVICE, alertEvent.path("deviceId").asText());
        assertEquals("COUNTER_INQUIRY", alertEvent.path("purpose").asText());
        assertEquals(alert.path("summary").asText(), alertEvent.path("reason").asText());
        assertFalse(alertEvent.has("decision"), "an alert has no decision: " + alertEvent);
        assertEquals("clerk", alertEvent.path("actor").path("role").asText());
        assertEquals("HD-JZ", alertEvent.path("actor").path("outletId").asText());
        assertTrue(value.path("reason").asText().contains(alertEvent.path("eventId").asText()), "marker names the alert");

        JsonNode suspended = only(events, "ACCOUNT_SUSPENDED");
        assertEquals(sub, suspended.path("targetSub").asText());
        assertEquals(value.path("reason").asText(), suspended.path("reason").asText());
        assertEquals("waybill-service", suspended.path("source").asText());
        // the stream order: the read, then the alert, then the suspension
        assertTrue(events.indexOf(readEvent) < events.indexOf(alertEvent)
                && events.indexOf(alertEvent) < events.indexOf(suspended), "order of " + events);
        for (JsonNode event : List.of(readEvent, alertEvent, suspended)) {
            TestWaybills.noPersonalData().forEach((what, personal) ->
                    assertFalse(event.toString().contains(personal), "event carries the " + what + ": " + event));
        }

        // the next read with a fresh, valid grant is refused, and the grant stays unused
        GrantBuilder next = grant(sub, twin, "HD-JZ");
        read(sub, "HD-JZ", twin, next.sign())
                .statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "account-suspended"));
        assertEquals(0, redis.key().exists(JTI + next.jti()) ? 1 : 0, "the refused grant was redeemed");
    }

    @Test
    void refusedReadOfACanaryWithTheReadersOwnGrantCounts() {
        String canary = create(true);
        String twin = create(false);
        String sub = sub("clerk-wa-canary");
        // a clerk of another outlet asks for PICKUP: refused by the policy, exactly as for the twin
        String plain = read(sub, "HD-WA", twin, GrantBuilder.grant(sub, "clerk", twin, "PICKUP", DEVICE)
                .outlet("HD-WA").sign()).statusCode(403).extract().asString();
        String refused = read(sub, "HD-WA", canary, GrantBuilder.grant(sub, "clerk", canary, "PICKUP", DEVICE)
                .outlet("HD-WA").sign()).statusCode(403).extract().asString();
        assertEquals(parse(plain).path("type"), parse(refused).path("type"));
        assertEquals(parse(plain).path("detail"), parse(refused).path("detail"));

        assertNotNull(redis.value(String.class).get(SUSPENDED + sub), "suspension marker");
        List<JsonNode> events = eventsOf(redis, sub);
        JsonNode refusal = events.stream().filter(e -> canary.equals(e.path("waybillNo").asText())
                && "WAYBILL_READ_REFUSED".equals(e.path("action").asText())).findFirst().orElseThrow();
        assertEquals("purpose-not-allowed", refusal.path("reason").asText());
        assertNoCanaryMember(refusal);
        assertEquals(refusal.path("eventId").asText(), only(events, "ALERT_RAISED").path("alert").path("eventIds").asText());
        only(events, "ACCOUNT_SUSPENDED");
        assertEquals(1, events.stream().filter(e -> e.path("eventId").asText()
                .equals(refusal.path("eventId").asText())).count(), "the refusal is appended once");
    }

    @Test
    void aRequestThatFailsBeforeItsGrantIsTheCallersOwnDoesNotCount() {
        String canary = create(true);
        String sub = sub("clerk-foreign-grant");
        String other = sub("clerk-owner");
        // a grant of another account, and a grant for another waybill, both presented for the canary
        read(sub, "HD-JZ", canary, grant(other, canary, "HD-JZ").sign())
                .statusCode(403).body("type", equalTo(PROBLEMS + "grant-not-bound"));
        read(sub, "HD-JZ", canary, grant(sub, create(false), "HD-JZ").sign())
                .statusCode(403).body("type", equalTo(PROBLEMS + "grant-waybill-mismatch"));
        assertNull(redis.value(String.class).get(SUSPENDED + sub));
        assertNull(redis.value(String.class).get(SUSPENDED + other));
        assertTrue(eventsOf(redis, sub).stream().noneMatch(e -> e.path("action").asText().startsWith("ALERT")
                || "ACCOUNT_SUSPENDED".equals(e.path("action").asText())));
    }

    @Test
    void aCanaryReadMakesTheSameSingleRedisCallAsAnyOtherRead() {
        String twin = create(false);
        String canary = create(true);
        String sub = sub("clerk-count");
        String plainGrant = grant(sub, twin, "HD-JZ").sign();
        String canaryGrant = grant(sub, canary, "HD-JZ").sign();
        try (RedisMonitor monitor = new RedisMonitor(redisUrl)) {
            monitor.drain(100);
            read(sub, "HD-JZ", twin, plainGrant).statusCode(200);
            List<RedisMonitor.Command> plain = monitor.drain(150);
            read(sub, "HD-JZ", canary, canaryGrant).statusCode(200);
            List<RedisMonitor.Command> honeytoken = monitor.drain(150);

            List<String> plainCalls = plain.stream().filter(c -> !c.fromScript()).map(RedisMonitor.Command::name).toList();
            List<String> canaryCalls = honeytoken.stream().filter(c -> !c.fromScript()).map(RedisMonitor.Command::name).toList();
            assertEquals(List.of("EVALSHA"), plainCalls, "round trips of a read: " + plain);
            assertEquals(plainCalls, canaryCalls, "round trips of a canary read: " + honeytoken);
            // inside the script: the canary read also sets the marker and appends the alert and the suspension
            assertEquals(List.of("EXISTS", "EXISTS", "TIME", "XADD", "SET"),
                    plain.stream().filter(RedisMonitor.Command::fromScript).map(RedisMonitor.Command::name).toList());
            assertEquals(List.of("EXISTS", "EXISTS", "TIME", "XADD", "SET", "SET", "XADD", "XADD"),
                    honeytoken.stream().filter(RedisMonitor.Command::fromScript).map(RedisMonitor.Command::name).toList());
        }
    }

    @Test
    void noLogLineNamesACanary() {
        String canary = create(true);
        String sub = sub("clerk-logs");
        List<String> lines;
        try (LogCapture logs = new LogCapture()) {
            // the capture sees the service's categories (a probe line proves it)
            org.jboss.logging.Logger.getLogger("com.waybillguard.waybill.service").info("log capture probe");
            read(sub, "HD-JZ", canary, grant(sub, canary, "HD-JZ").sign()).statusCode(200);
            // and the refused read that follows
            read(sub, "HD-JZ", canary, grant(sub, canary, "HD-JZ").sign()).statusCode(403);
            lines = new ArrayList<>(logs.lines());
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("log capture probe")), "capture saw nothing: " + lines);
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            assertFalse(line.contains(canary) || lower.contains("canary") || lower.contains("honeytoken"), line);
        }
    }
}
