package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.audit.TestClock;
import com.waybillguard.testsupport.PostgresRedisResource;
import com.waybillguard.testsupport.TestInfrastructure;
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

    /** {@code count} counter inquiries of one account, {@code step} apart from {@code from}. */
    private static List<Read> inquiries(String sub, Instant from, int count, Duration step) {
        List<Read> reads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            reads.add(inquiry(sub, from.plus(step.multipliedBy(i))));
        }
        return reads;
    }

    private static Read inquiry(String sub, Instant at) {
        return read(sub, "clerk", at, "WAYBILL_READ", "COUNTER_INQUIRY", null);
    }

    private static Instant shanghai(int daysAgo, int hour, int minute) {
        return LocalDate.now(SHANGHAI).minusDays(daysAgo).atTime(hour, minute).atZone(SHANGHAI).toInstant();
    }

    private void xadd(String json) {
        redis.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(json));
    }

    private boolean stored(String eventId) throws Exception {
        try (Connection c = TestInfrastructure.superuser("audit");
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
        xadd("{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + Instant.now() + "\",\"source\":\"waybill-service\",\"action\":\"TEST_BARRIER\"}");
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
        return redis.value(String.class).get("{wg}:account:suspended:" + sub);
    }

    /** Appends the reads in one MULTI, so that one XREADGROUP delivers them all: one batch (at most the batch size). */
    private void feedOneBatch(TestClock clock, Instant now, List<Read> reads) {
        clock.set(now);
        redis.withTransaction(tx -> reads.forEach(r -> tx.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(r.json()))));
        barrier();
        barrier();
    }

    /** Calls and microseconds of Redis' script commands (EVAL + EVALSHA) so far, from INFO commandstats. */
    private record ScriptStats(long calls, long usec, long evalCalls) {
        ScriptStats minus(ScriptStats before) {
            return new ScriptStats(calls - before.calls, usec - before.usec, evalCalls - before.evalCalls);
        }
    }

    private ScriptStats scriptStats() {
        long calls = 0;
        long usec = 0;
        long evalCalls = 0;
        for (String line : redis.execute("INFO", "commandstats").toString().split("\r?\n")) {
            boolean eval = line.startsWith("cmdstat_eval:");
            if (!eval && !line.startsWith("cmdstat_evalsha:")) {
                continue;
            }
            long lineCalls = 0;
            for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                String[] kv = field.split("=");
                if (kv[0].equals("calls")) {
                    lineCalls = Long.parseLong(kv[1]);
                } else if (kv[0].equals("usec")) {
                    usec += Long.parseLong(kv[1]);
                }
            }
            calls += lineCalls;
            if (eval) {
                evalCalls += lineCalls;
            }
        }
        return new ScriptStats(calls, usec, evalCalls);
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
        assertTrue(redis.sortedSet(String.class).zcard("{wg}:detect:" + sub + ":volume:reads") >= 24);
        assertEquals(1, redis.sortedSet(String.class).zcard("{wg}:detect:" + sub + ":scope-probing:reads"));
        assertEquals(0, redis.key().exists("{wg}:detect:" + sub + ":off-hours:reads") ? 1 : 0);
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
        List<Read> reads = inquiries(sub, night, 4, Duration.ofMinutes(5));
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
        List<Read> reads = inquiries(sub, t0, 151, Duration.ofSeconds(20));
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
        assertEquals(0, redis.key().exists("{wg}:detect:" + sub + ":scope-probing:reads") ? 1 : 0);
    }

    @Test
    void aBatchOfReadsCostsOneScriptCall() {
        Instant t0 = shanghai(1, 10, 0);
        TestClock clock = TestClock.installAt(t0);
        List<String> subs = new ArrayList<>();
        for (int a = 0; a < 20; a++) {
            subs.add(unique("sub-batch"));
        }
        // the scripts are in Redis' cache after one batch (the first call after a start may need EVAL once)
        feedOneBatch(clock, t0.plusSeconds(1), List.of(inquiry(subs.get(0), t0)));
        ScriptStats before = scriptStats();
        int batches = 5;
        int reads = 0;
        for (int b = 0; b < batches; b++) {
            List<Read> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                for (String sub : subs) {
                    Instant at = t0.plusSeconds(60L * b + 5L * i + 1);
                    batch.add(i == 5 ? tracking(sub, at) : inquiry(sub, at));
                }
            }
            reads += batch.size();
            feedOneBatch(clock, t0.plusSeconds(60L * b + 60), batch);
        }
        ScriptStats spent = scriptStats().minus(before);
        System.out.printf("[detection] %d batches of %d reads: %d script calls, %.3f calls and %.1f us of Redis per read%n",
                batches, reads / batches, spent.calls(), (double) spent.calls() / reads, (double) spent.usec() / reads);
        assertEquals(batches, spent.calls(), "one script call per batch of reads when nothing trips");
        subs.forEach(sub -> assertEquals(List.of(), alerts(sub).getList("items")));
        assertEquals(51, redis.sortedSet(String.class).zcard("{wg}:detect:" + subs.get(0) + ":volume:reads"), "every read recorded");
        assertEquals(5, redis.sortedSet(String.class).zcard("{wg}:detect:" + subs.get(1) + ":scope-probing:reads"));
    }

    @Test
    void aTripInsideABatchRaisesOneAlertWithTheFiguresOfTheTrippingRead() {
        String sub = unique("sub-batch-night");
        Instant night = shanghai(1, 22, 0);
        TestClock clock = TestClock.installAt(night);
        barrier();
        List<Read> reads = inquiries(sub, night, 10, Duration.ofMinutes(2));
        ScriptStats before = scriptStats();
        feedOneBatch(clock, night.plus(Duration.ofMinutes(20)), reads);
        await().atMost(WAIT).until(() -> !alerts(sub).getList("items").isEmpty());
        assertEquals(2, scriptStats().minus(before).calls(), "one call records the batch, one raises the alert");
        JsonPath alert = alerts(sub);
        assertEquals(1, alert.getList("items").size(), "one alert per window");
        assertEquals("OFF_HOURS", alert.getString("items[0].rule"));
        assertEquals("4 reads outside business hours in 1 h", alert.getString("items[0].summary"));
        assertEquals(Map.of("reads", 4, "windowSeconds", 3600, "threshold", 3), alert.getMap("items[0].evidence.figures"));
        assertEquals(reads.subList(0, 4).stream().map(Read::id).toList(), alert.getList("items[0].evidence.eventIds"),
                "the window as the 4th read saw it");

        before = scriptStats();
        feedOneBatch(clock, night.plus(Duration.ofMinutes(30)),
                List.of(inquiry(sub, night.plus(Duration.ofMinutes(25))), inquiry(sub, night.plus(Duration.ofMinutes(26)))));
        assertEquals(1, scriptStats().minus(before).calls(), "an alert already raised in the window: no second call");
        assertEquals(1, alerts(sub).getList("items").size());
        assertNull(marker(sub), "shadow: no suspension");
    }

    @Test
    void anEnforcedTripInsideABatchSuspendsOnce() {
        String sub = unique("sub-batch-prober");
        Instant t0 = shanghai(1, 11, 0);
        TestClock clock = TestClock.installAt(t0);
        List<Read> probes = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            probes.add(tracking(sub, t0.plusSeconds(10L * i)));
        }
        barrier();
        ScriptStats before = scriptStats();
        feedOneBatch(clock, t0.plusSeconds(200), probes);
        await().atMost(WAIT).until(() -> !alerts(sub).getList("items").isEmpty());
        assertEquals(2, scriptStats().minus(before).calls(), "one call records the batch, one raises the alert");
        JsonPath alert = alerts(sub);
        assertEquals(1, alert.getList("items").size());
        assertEquals("SCOPE_PROBING", alert.getString("items[0].rule"));
        assertEquals(true, alert.getBoolean("items[0].suspended"));
        assertEquals(probes.subList(0, 11).stream().map(Read::id).toList(), alert.getList("items[0].evidence.eventIds"));
        JsonPath state = JsonPath.from(marker(sub));
        assertEquals("detection: SCOPE_PROBING (alert " + alert.getString("items[0].id") + ")", state.getString("reason"));
        JsonPath suspended = given().auth().oauth2(auditor()).queryParam("actor", sub).queryParam("action", "ACCOUNT_SUSPENDED")
                .when().get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath();
        assertEquals(1, suspended.getList("items").size(), "suspended once");
    }

    @Test
    void aFlushedScriptCacheIsLoadedAgainByTheNextBatch() {
        String sub = unique("sub-flushed");
        Instant night = shanghai(1, 23, 0);
        TestClock clock = TestClock.installAt(night);
        barrier();
        List<Read> reads = inquiries(sub, night, 4, Duration.ofMinutes(1));
        redis.execute("SCRIPT", "FLUSH"); // as after a Redis restart
        ScriptStats before = scriptStats();
        feedOneBatch(clock, night.plus(Duration.ofMinutes(5)), reads);
        await().atMost(WAIT).until(() -> !alerts(sub).getList("items").isEmpty());
        assertEquals(2, scriptStats().minus(before).evalCalls(), "each script sent whole once (NOSCRIPT), then by its SHA");
        assertEquals("OFF_HOURS", alerts(sub).getString("items[0].rule"));
        assertEquals(4, redis.sortedSet(String.class).zcard("{wg}:detect:" + sub + ":off-hours:reads"));
        assertEquals(0, pending());
    }

    @Test
    void readsRecordedWhoseAlertWasNotRaisedRaiseItWhenFedAgain() {
        String sub = unique("sub-fed-again");
        Instant night = shanghai(1, 21, 30);
        TestClock clock = TestClock.installAt(night);
        List<Read> reads = inquiries(sub, night, 4, Duration.ofMinutes(1));
        // what a batch leaves when its record call went through and its raise call failed
        reads.forEach(r -> redis.sortedSet(String.class).zadd("{wg}:detect:" + sub + ":off-hours:reads", r.at().toEpochMilli(), r.id()));
        feedOneBatch(clock, night.plus(Duration.ofMinutes(5)), reads);
        await().atMost(WAIT).until(() -> !alerts(sub).getList("items").isEmpty());
        JsonPath alert = alerts(sub);
        assertEquals(1, alert.getList("items").size());
        assertEquals("4 reads outside business hours in 1 h", alert.getString("items[0].summary"));
        feedOneBatch(clock, night.plus(Duration.ofMinutes(6)), reads);
        assertEquals(1, alerts(sub).getList("items").size(), "fed once more: still one alert");
    }
}
