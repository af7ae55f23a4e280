package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.domain.Purpose;
import com.waybillguard.gateway.domain.RequestContext;
import com.waybillguard.gateway.service.GrantService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grant-time detection with the default (enforce) configuration, in simulated time (a {@link TestClock}, no
 * waiting): normal working days of a clerk, a courier and a customer-service agent raise nothing; a sequential
 * scraper, a fast random scraper, a second device and a third network are each refused and suspended at the grant
 * the README promises, with the marker and the three events; after the trip every route refuses the account.
 */
@QuarkusTest
class DetectionTest {

    static final String PROBLEMS = GrantResourceTest.PROBLEMS;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Inject
    GrantService grants;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    TestClock clock;

    @BeforeEach
    void startOfADay() {
        // 01:00 UTC (09:00 in the outlets' zone) of a day no earlier run counted in
        clock = TestClock.installAt(TestClock.secondsIntoAMinute(0).plus(Duration.ofHours(1)));
    }

    // ---- normal days ----

    @Test
    void aClerksWorkingDayRaisesNothing() {
        normalDay(Tokens.clerk(Tokens.newSub()), "COUNTER_INQUIRY", 200, 6, new Random(9));
    }

    @Test
    void aCouriersWorkingDayRaisesNothing() {
        normalDay(Tokens.courier(Tokens.newSub()), "DELIVERY", 200, 6, new Random(17));
    }

    @Test
    void aCustomerServiceDayRaisesNothing() {
        normalDay(Tokens.csAgent(Tokens.newSub()), "CUSTOMER_SERVICE", 150, 5, new Random(23));
    }

    /**
     * About {@code total} grants over 8 hours in bursts of 3 to {@code maxBurst} a few tens of seconds apart,
     * bursts some minutes apart; one device; the numbers of the outlet's parcels, not consecutive, sometimes the
     * same number twice (an inquiry, then the acceptance).
     */
    void normalDay(String token, String purpose, int total, int maxBurst, Random random) {
        String sub = subOf(token);
        Instant end = clock.instant().plus(Duration.ofHours(8));
        List<String> asked = new ArrayList<>();
        int granted = 0;
        while (granted < total && clock.instant().isBefore(end)) {
            int burst = 3 + random.nextInt(maxBurst - 2);
            for (int i = 0; i < burst && granted < total; i++) {
                String number = !asked.isEmpty() && random.nextInt(10) == 0 ? asked.get(asked.size() - 1)
                        : "YT" + (2026112800000L + random.nextInt(2_000_000));
                asked.add(number);
                Response response = grant(token, number, purpose, Tokens.DEVICE);
                assertEquals(201, response.statusCode(), "grant " + (granted + 1) + ": " + response.asString());
                granted++;
                clock.advance(Duration.ofSeconds(15 + random.nextInt(45)));
            }
            clock.advance(Duration.ofMinutes(4 + random.nextInt(8)));
        }
        assertTrue(granted >= total * 9 / 10, "a full day: " + granted + " grants");
        List<JsonNode> events = events(sub);
        assertTrue(events.stream().noneMatch(e -> !"GRANT_ISSUED".equals(e.path("action").asText())),
                "only GRANT_ISSUED events, no alert, no refusal");
        assertEquals(granted, events.size());
        assertNull(Suspensions.marker(sub));
    }

    // ---- attacks ----

    @Test
    void aSequentialScraperIsSuspendedAtItsEleventhGrantWithMarkerAndEvents() {
        String sub = Tokens.newSub();
        String token = Tokens.clerk(sub);
        long first = 2026112810000L;
        int stoppedAt = scrape(token, i -> "YT" + (first + i), Duration.ofMillis(300));
        assertEquals(11, stoppedAt, "ENUMERATION: 10 linked numbers allowed, the 11th is refused");
        assertContained(sub, "ENUMERATION", "YT" + (first + 10),
                Map.of("figure.linked", "11", "figure.threshold", "10", "figure.windowSeconds", "600"),
                "11 near-consecutive waybill numbers in 10 min");
        everyRouteRefuses(token);
        given().get(management + "metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("wg_alerts_raised_total{mode=\"enforce\",rule=\"ENUMERATION\"}"))
                .body(org.hamcrest.Matchers.containsString("reason=\"ENUMERATION\""));
    }

    @Test
    void aNumberLeavingTheWindowUnlinksANeighbourThatHasNoOtherNeighbour() {
        String sub = Tokens.newSub();
        String token = Tokens.clerk(sub);
        long a = 2026112820000L;
        assertEquals(201, grant(token, "YT" + a, "COUNTER_INQUIRY", Tokens.DEVICE).statusCode());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(201, grant(token, "YT" + (a + 1), "COUNTER_INQUIRY", Tokens.DEVICE).statusCode());
        // the first number leaves the 10-minute window; its neighbour stays in it (to the end of the test), alone
        clock.advance(Duration.ofMillis(570_500));
        long c = 2026112830000L;
        for (int i = 0; i < 10; i++) {
            Response response = grant(token, "YT" + (c + i), "COUNTER_INQUIRY", Tokens.DEVICE);
            assertEquals(201, response.statusCode(), "10 linked numbers are allowed, grant " + (i + 1)
                    + " (a stale neighbour would make it 11): " + response.asString());
            clock.advance(Duration.ofMillis(300));
        }
        // a near number links the lone neighbour again: 12 linked numbers, over the limit
        assertSuspendedProblem(grant(token, "YT" + (a + 2), "COUNTER_INQUIRY", Tokens.DEVICE));
    }

    @Test
    void aFastRandomScraperIsSuspendedByVolumeAtGrantSixteen() {
        String sub = Tokens.newSub();
        String token = Tokens.clerk(sub);
        Random random = new Random(5);
        int stoppedAt = scrape(token, i -> "YT" + (2026000000000L + random.nextInt(900_000_000)), Duration.ofSeconds(1));
        assertEquals(16, stoppedAt, "VOLUME: 15 grants in 2 min for a clerk, the 16th is refused");
        assertContained(sub, "VOLUME", null,
                Map.of("figure.grants", "16", "figure.threshold", "15", "figure.windowSeconds", "120"),
                "16 grants in 2 min");
        everyRouteRefuses(token);
    }

    @Test
    void aSecondDeviceIsSuspendedAtItsFirstGrant() {
        String sub = Tokens.newSub();
        String token = Tokens.clerk(sub);
        for (int i = 0; i < 3; i++) {
            grant(token, "YT" + (2026112820000L + 100 * i), "COUNTER_INQUIRY", Tokens.DEVICE).then().statusCode(201);
            clock.advance(Duration.ofMinutes(1));
        }
        Response second = grant(token, "YT2026112829999", "COUNTER_INQUIRY", "dev-other-phone");
        assertSuspendedProblem(second);
        assertContained(sub, "SHARED_ACCOUNT", "YT2026112829999",
                Map.of("figure.devices", "2", "figure.networks", "1", "figure.threshold", "1", "figure.windowSeconds", "600"),
                "2 devices and 1 networks on one account in 10 min");
        // the first device, which kept working until now, is refused too
        assertSuspendedProblem(grant(token, "YT2026112830500", "COUNTER_INQUIRY", Tokens.DEVICE));
    }

    @Test
    void aThirdNetworkIsSuspended() {
        String sub = Tokens.newSub();
        Caller caller = new Caller(sub, "courier.test", Set.of("courier"), "HD-YN", "C-1001");
        grant(caller, "YT2026112840000", "10.20.30.4").await().atMost(Duration.ofSeconds(5));
        grant(caller, "YT2026112840100", "10.20.30.200").await().atMost(Duration.ofSeconds(5)); // same /24
        grant(caller, "YT2026112840200", "2001:db8:7:1::5").await().atMost(Duration.ofSeconds(5));
        grant(caller, "YT2026112840300", "2001:db8:7:ff::9").await().atMost(Duration.ofSeconds(5)); // same /48
        ProblemException refused = assertThrows(ProblemException.class,
                () -> grant(caller, "YT2026112840400", "192.0.2.10").await().atMost(Duration.ofSeconds(5)));
        assertEquals(ProblemType.ACCOUNT_SUSPENDED, refused.type());
        JsonNode alert = single(sub, "ALERT_RAISED");
        assertEquals("SHARED_ACCOUNT", alert.at("/alert/rule").asText());
        assertEquals("3", alert.at("/alert/figure.networks").asText());
        assertEquals("2", alert.at("/alert/figure.threshold").asText());
        assertEquals("192.0.2.10", alert.path("clientIp").asText());
        assertTrue(Suspensions.marker(sub).contains("detection: SHARED_ACCOUNT"));
    }

    // ---- helpers ----

    interface Numbers {
        String nth(int i);
    }

    /** Asks grants as fast as the clock allows until one is refused; the number (1-based) of the refused grant. */
    int scrape(String token, Numbers numbers, Duration pace) {
        for (int i = 0; i < 40; i++) {
            Response response = grant(token, numbers.nth(i), "COUNTER_INQUIRY", Tokens.DEVICE);
            if (response.statusCode() != 201) {
                assertSuspendedProblem(response);
                return i + 1;
            }
            clock.advance(pace);
        }
        throw new AssertionError("40 grants and never stopped");
    }

    void assertContained(String sub, String rule, String waybillNo, Map<String, String> figures, String summary) {
        // the marker: in force, naming the rule and the alert
        JsonNode refused = single(sub, "GRANT_REFUSED");
        JsonNode alert = single(sub, "ALERT_RAISED");
        JsonNode suspended = single(sub, "ACCOUNT_SUSPENDED");
        String alertId = alert.path("eventId").asText();
        JsonNode marker = read(Suspensions.marker(sub));
        assertEquals("detection: " + rule + " (alert " + alertId + ")", marker.path("reason").asText());
        assertEquals("detection:access-gateway", marker.path("by").asText());
        assertEquals(clock.instant().toString(), marker.path("at").asText());

        assertEquals(rule, refused.path("reason").asText());
        assertEquals("DENY", refused.path("decision").asText());
        if (waybillNo != null) {
            assertEquals(waybillNo, refused.path("waybillNo").asText());
        }
        assertEquals("access-gateway", alert.path("source").asText());
        assertEquals(sub, alert.at("/actor/sub").asText());
        assertTrue(alert.path("decision").isMissingNode() || alert.path("decision").isNull());
        assertEquals(summary, alert.path("reason").asText());
        JsonNode map = alert.path("alert");
        assertEquals(rule, map.path("rule").asText());
        assertEquals("HIGH", map.path("severity").asText());
        assertEquals("enforce", map.path("mode").asText());
        assertEquals(summary, map.path("summary").asText());
        assertEquals("true", map.path("suspended").asText());
        assertEquals(refused.path("eventId").asText(), map.path("eventIds").asText());
        assertEquals(clock.instant().toString(), map.path("triggeredAt").asText());
        figures.forEach((name, value) -> assertEquals(value, map.path(name).asText(), name));
        map.fields().forEachRemaining(field -> assertTrue(field.getValue().isTextual(), "flat map of strings"));

        assertEquals(sub, suspended.path("targetSub").asText());
        assertEquals(sub, suspended.at("/actor/sub").asText());
        assertEquals("detection: " + rule + " (alert " + alertId + ")", suspended.path("reason").asText());
        assertTrue(refused.path("alert").isMissingNode(), "no alert member on other events");
    }

    void everyRouteRefuses(String token) {
        for (SuspensionTest.Route route : SuspensionTest.routesOf("clerk")) {
            assertSuspendedProblem(route.call().apply(token));
        }
    }

    static void assertSuspendedProblem(Response response) {
        assertEquals(403, response.statusCode(), response.asString());
        assertEquals(PROBLEMS + "account-suspended", response.jsonPath().getString("type"));
        assertEquals("application/problem+json", response.contentType());
    }

    static Response grant(String token, String waybillNo, String purpose, String device) {
        return given().auth().oauth2(token).header("X-Device-Id", device).contentType(ContentType.JSON)
                .body(Map.of("waybillNo", waybillNo, "purpose", purpose)).post("/api/v1/grants");
    }

    io.smallrye.mutiny.Uni<?> grant(Caller caller, String waybillNo, String clientIp) {
        clock.advance(Duration.ofSeconds(30));
        return grants.issue(caller, waybillNo, Purpose.DELIVERY, new RequestContext(Tokens.DEVICE, clientIp, "trace-1"));
    }

    JsonNode single(String sub, String action) {
        List<JsonNode> found = events(sub).stream().filter(e -> action.equals(e.path("action").asText())).toList();
        assertEquals(1, found.size(), "one " + action + " of the account: " + found);
        return found.get(0);
    }

    List<JsonNode> events(String sub) {
        return AuditStream.eventsOf(sub);
    }

    JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static String subOf(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return payload.replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1");
    }
}
