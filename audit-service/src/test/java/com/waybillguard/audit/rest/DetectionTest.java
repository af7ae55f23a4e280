package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.audit.TestClock;
import com.waybillguard.testsupport.PostgresRedisResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static com.waybillguard.audit.AuditTestSupport.uniqueWaybillNo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming rules of audit-service fed through the real stream, as producers append: synthetic
 * {@code occurredAt} on a day in Asia/Shanghai, the service's clock moved along with the events (an event older than
 * a rule's window when ingested is not counted by it).
 */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class DetectionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Inject
    RedisDataSource redis;

    @Inject
    AgroalDataSource jdbc;

    @TestHTTPResource(value = "/metrics", management = true)
    URL prometheus;

    /** A read of {@code sub} (clerk of HD-JZ unless given) as waybill-service appends it. */
    private record Read(String id, Instant at, String json) {
    }

    private static Read read(String sub, String role, Instant at, String action, String view, String reason) {
        String id = UUID.randomUUID().toString();
        String json = "{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + at + "\",\"source\":\"waybill-service\","
                + "\"action\":\"" + action + "\",\"actor\":{\"sub\":\"" + sub + "\",\"username\":\"" + sub + ".name\","
                + "\"role\":\"" + role + "\",\"outletId\":\"HD-JZ\"},\"deviceId\":\"dev-12345678\",\"clientIp\":\"10.1.2.3\","
                + "\"waybillNo\":\"" + uniqueWaybillNo() + "\",\"purpose\":\"COUNTER_INQUIRY\","
                + (view == null ? "" : "\"view\":\"" + view + "\",")
                + "\"decision\":\"" + ("WAYBILL_READ".equals(action) ? "ALLOW" : "DENY") + "\""
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}";
        return new Read(id, at, json);
    }

    private static Read tracking(String sub, Instant at) {
        return read(sub, "clerk", at, "WAYBILL_READ", "TRACKING", null);
    }

    private static Read inquiry(String sub, Instant at) {
        return read(sub, "clerk", at, "WAYBILL_READ", "COUNTER_INQUIRY", null);
    }

    private static Instant shanghai(int daysAgo, int hour, int minute) {
        return LocalDate.now(SHANGHAI).minusDays(daysAgo).atTime(hour, minute).atZone(SHANGHAI).toInstant();
    }

    private void xadd(String json) {
        redis.stream(String.class).xadd(AuditTestSupport.STREAM, Map.of("event", json));
    }

    private boolean stored(String eventId) throws Exception {
        try (Connection c = jdbc.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM audit_event_key WHERE event_id = ?::uuid")) {
            s.setString(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private long pending() {
        return redis.stream(String.class).xpending(AuditTestSupport.STREAM, AuditTestSupport.GROUP).getPendingCount();
    }

    /**
     * Appends a barrier after everything appended so far and waits until it is stored and nothing is pending: every
     * earlier entry was then delivered, chained, fed to the rules and acknowledged.
     */
    private void barrier() {
        String id = UUID.randomUUID().toString();
        xadd("{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + Instant.now() + "\",\"source\":\"test\",\"action\":\"TEST_BARRIER\"}");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> stored(id) && pending() == 0);
    }

    /** Feeds the reads with the clock at {@code now}, then waits until they and any alert they raised are stored. */
    private void feed(TestClock clock, Instant now, List<Read> reads) {
        clock.set(now);
        reads.forEach(r -> xadd(r.json()));
        barrier();
        barrier();
    }

    private JsonPath alerts(String sub) {
        return given().auth().oauth2(auditor()).queryParam("actor", sub).when().get("/api/v1/audit/alerts")
                .then().statusCode(200).extract().jsonPath();
    }

    private double metric(String line) {
        String text = given().when().get(prometheus).then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith(line + " ")).mapToDouble(l -> Double.parseDouble(l.substring(line.length() + 1)))
                .findFirst().orElse(0);
    }

    private String marker(String sub) {
        return redis.value(String.class).get("wg:account:suspended:" + sub);
    }

    @Test
    void aNormalClerkDayRaisesNothing() {
        String sub = unique("sub-normal-day");
        Instant start = shanghai(1, 9, 0);
        TestClock clock = TestClock.installAt(start);
        List<Read> day = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Instant at = start.plusSeconds(i * 144L); // 200 reads over 8 h, 09:00 to 17:00
            day.add(i % 40 == 20 ? tracking(sub, at) : inquiry(sub, at));
        }
        Instant chunkEnd = start.plus(Duration.ofMinutes(5));
        int next = 0;
        while (next < day.size()) {
            List<Read> chunk = new ArrayList<>();
            while (next < day.size() && day.get(next).at().isBefore(chunkEnd)) {
                chunk.add(day.get(next++));
            }
            clock.set(chunkEnd);
            chunk.forEach(r -> xadd(r.json()));
            if (!chunk.isEmpty()) {
                barrier();
            }
            chunkEnd = chunkEnd.plus(Duration.ofMinutes(5));
        }
        barrier();
        assertEquals(List.of(), alerts(sub).getList("items"), "no alert on a normal day");
        assertNull(marker(sub));
        // the rules did see the day: the windows hold the last hour of reads and the day's last TRACKING read
        assertTrue(redis.sortedSet(String.class).zcard("wg:detect:{" + sub + "}:volume:reads") >= 24);
        assertEquals(1, redis.sortedSet(String.class).zcard("wg:detect:{" + sub + "}:scope-probing:reads"));
        assertEquals(0, redis.key().exists("wg:detect:{" + sub + "}:off-hours:reads") ? 1 : 0);
    }

    @Test
    void aClerkProbingOtherOutletsIsSuspendedAtThe11thTrackingOrRefusedRead() {
        String sub = unique("sub-prober");
        Instant t0 = shanghai(1, 10, 0);
        TestClock clock = TestClock.installAt(t0);
        double suspensionsBefore = metric("wg_suspensions_total{rule=\"SCOPE_PROBING\"}");
        double delaysBefore = metric("wg_detection_delay_seconds_count");
        List<Read> probes = new ArrayList<>();
        List<Read> noise = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant at = t0.plusSeconds(30L * i);
            probes.add(i % 3 == 2 ? read(sub, "clerk", at, "WAYBILL_READ_REFUSED", null, "waybill-not-found") : tracking(sub, at));
            noise.add(inquiry(sub, at.plusSeconds(1)));
        }
        List<Read> first = new ArrayList<>(probes);
        first.addAll(noise);
        feed(clock, t0.plusSeconds(300), first);
        assertEquals(List.of(), alerts(sub).getList("items"), "10 are allowed");
        assertNull(marker(sub));

        Read eleventh = tracking(sub, t0.plusSeconds(310));
        probes.add(eleventh);
        feed(clock, t0.plusSeconds(311), List.of(eleventh));

        await().atMost(WAIT).until(() -> !alerts(sub).getList("items").isEmpty());
        JsonPath alert = alerts(sub);
        assertEquals(1, alert.getList("items").size());
        assertEquals("SCOPE_PROBING", alert.getString("items[0].rule"));
        assertEquals("MEDIUM", alert.getString("items[0].severity"));
        assertEquals("enforce", alert.getString("items[0].mode"));
        assertEquals("OPEN", alert.getString("items[0].status"));
        assertEquals(true, alert.getBoolean("items[0].suspended"));
        assertEquals("11 TRACKING-only or refused reads in 10 min", alert.getString("items[0].summary"));
        assertEquals(probes.stream().map(Read::id).toList(), alert.getList("items[0].evidence.eventIds"));
        assertEquals(Map.of("reads", 11, "windowSeconds", 600, "threshold", 10), alert.getMap("items[0].evidence.figures"));
        assertEquals(sub, alert.getString("items[0].actor.sub"));
        assertEquals("HD-JZ", alert.getString("items[0].actor.outletId"));
        assertEquals(t0.plusSeconds(311).toString(), alert.getString("items[0].raisedAt"));
        String alertId = alert.getString("items[0].id");

        JsonPath state = JsonPath.from(marker(sub));
        assertEquals("detection: SCOPE_PROBING (alert " + alertId + ")", state.getString("reason"));
        assertEquals("detection:audit-service", state.getString("by"));
        assertEquals(t0.plusSeconds(311), Instant.parse(state.getString("at")));
        JsonPath suspended = given().auth().oauth2(auditor()).queryParam("actor", sub).queryParam("action", "ACCOUNT_SUSPENDED")
                .when().get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath();
        assertEquals(sub, suspended.getString("items[0].targetSub"));
        assertEquals("audit-service", suspended.getString("items[0].source"));
        assertEquals("detection: SCOPE_PROBING (alert " + alertId + ")", suspended.getString("items[0].reason"));

        assertEquals(suspensionsBefore + 1, metric("wg_suspensions_total{rule=\"SCOPE_PROBING\"}"));
        assertEquals(delaysBefore + 1, metric("wg_detection_delay_seconds_count"));

        // reads still in flight after the suspension raise nothing more
        feed(clock, t0.plusSeconds(320), List.of(tracking(sub, t0.plusSeconds(315))));
        assertEquals(1, alerts(sub).getList("items").size());
    }

    @Test
    void offHoursReadsRaiseOneShadowAlertPerWindowAtThe4th() {
        String sub = unique("sub-night");
        Instant night = shanghai(1, 22, 30);
        TestClock clock = TestClock.installAt(night);
        List<Read> reads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            reads.add(inquiry(sub, night.plus(Duration.ofMinutes(5L * i))));
        }
        feed(clock, night.plus(Duration.ofMinutes(11)), reads.subList(0, 3));
        assertEquals(List.of(), alerts(sub).getList("items"), "3 off-hours reads are allowed");
        feed(clock, night.plus(Duration.ofMinutes(16)), reads.subList(3, 4));
        await().atMost(WAIT).until(() -> !alerts(sub).getList("items").isEmpty());
        JsonPath alert = alerts(sub);
        assertEquals("OFF_HOURS", alert.getString("items[0].rule"));
        assertEquals("LOW", alert.getString("items[0].severity"));
        assertEquals("shadow", alert.getString("items[0].mode"));
        assertEquals(false, alert.getBoolean("items[0].suspended"));
        assertEquals("4 reads outside business hours in 1 h", alert.getString("items[0].summary"));
        assertEquals(reads.stream().map(Read::id).toList(), alert.getList("items[0].evidence.eventIds"));
        assertNull(marker(sub), "shadow: no suspension");

        List<Read> more = List.of(inquiry(sub, night.plus(Duration.ofMinutes(20))), inquiry(sub, night.plus(Duration.ofMinutes(25))));
        feed(clock, night.plus(Duration.ofMinutes(26)), more);
        assertEquals(1, alerts(sub).getList("items").size(), "one alert per window");
        assertNull(marker(sub));
    }

    @Test
    void sustainedVolumeRaisesAShadowAlertAtThe151stReadInAnHour() {
        String sub = unique("sub-volume");
        Instant t0 = shanghai(1, 14, 0);
        TestClock clock = TestClock.installAt(t0);
        List<Read> reads = new ArrayList<>();
        for (int i = 0; i < 151; i++) {
            reads.add(inquiry(sub, t0.plusSeconds(20L * i)));
        }
        feed(clock, t0.plusSeconds(20L * 150), reads.subList(0, 150));
        assertEquals(List.of(), alerts(sub).getList("items"), "150 reads an hour are allowed");
        feed(clock, t0.plusSeconds(20L * 150 + 1), reads.subList(150, 151));
        await().atMost(WAIT).until(() -> !alerts(sub).getList("items").isEmpty());
        JsonPath alert = alerts(sub);
        assertEquals("VOLUME", alert.getString("items[0].rule"));
        assertEquals("shadow", alert.getString("items[0].mode"));
        assertEquals(false, alert.getBoolean("items[0].suspended"));
        assertEquals("151 reads in 1 h", alert.getString("items[0].summary"));
        assertEquals(Map.of("reads", 151, "windowSeconds", 3600, "threshold", 150), alert.getMap("items[0].evidence.figures"));
        assertEquals(reads.subList(131, 151).stream().map(Read::id).toList(), alert.getList("items[0].evidence.eventIds"),
                "the 20 newest reads as evidence");
        assertNull(marker(sub));
    }

    @Test
    void readsOlderThanTheWindowOrFromElsewhereDoNotCount() {
        String sub = unique("sub-replay");
        Instant t0 = shanghai(1, 10, 0);
        TestClock clock = TestClock.installAt(t0);
        List<Read> replay = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            replay.add(tracking(sub, t0.plusSeconds(i)));
        }
        // the same probing pattern, ingested two hours later (a backlog replayed after an outage)
        feed(clock, t0.plus(Duration.ofHours(2)), replay);
        List<Read> foreign = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            foreign.add(new Read(null, null, tracking(sub, t0.plusSeconds(7200 + i)).json()
                    .replace("\"source\":\"waybill-service\"", "\"source\":\"imported-archive\"")));
        }
        feed(clock, t0.plusSeconds(7215), foreign);
        assertEquals(List.of(), alerts(sub).getList("items"));
        assertNull(marker(sub));
        assertEquals(0, redis.key().exists("wg:detect:{" + sub + "}:scope-probing:reads") ? 1 : 0);
    }
}
