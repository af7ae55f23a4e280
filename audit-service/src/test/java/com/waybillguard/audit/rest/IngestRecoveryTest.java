package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.audit.service.IngestMetrics;
import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.event;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static com.waybillguard.audit.AuditTestSupport.uniqueWaybillNo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recovery of ingest: a consumer killed mid-batch, redelivered entries, readiness data. */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class IngestRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    RedisDataSource redis;

    @Inject
    IngestMetrics metrics;

    // the management interface (its own random port in tests); its base URL already ends in /q
    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/metrics", management = true)
    URL prometheus;

    private StreamCommands<String, String, String> streams() {
        return redis.stream(String.class);
    }

    @Test
    void aConsumerKilledMidBatchLosesNothingAndDuplicatesNothing() {
        int batch = 40;
        String sub = unique("sub-killed");
        String killed = unique("killed-consumer");
        List<String> ids = new ArrayList<>();
        List<String> events = new ArrayList<>();
        Instant start = Instant.now();
        for (int i = 0; i < batch; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            events.add(event(id, start.plusMillis(i), "WAYBILL_READ", sub, "clerk.killed", "HD-YN", uniqueWaybillNo(), "ALLOW"));
        }
        double duplicatesBefore = metric("wg_audit_events_duplicates_total");
        // The consumer receives the whole batch (XADDs and its XREADGROUP in one MULTI, so no live
        // consumer gets any of it) and dies before acknowledging.
        redis.withTransaction(tx -> {
            for (String json : events) {
                tx.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(json));
            }
            tx.stream(String.class).xreadgroup(AuditTestSupport.GROUP, killed, AuditTestSupport.STREAM, ">",
                    new XReadGroupArgs().count(batch));
        });
        assertEquals((long) batch, streams().xpending(AuditTestSupport.STREAM, AuditTestSupport.GROUP).getConsumers().get(killed));
        // readiness shows the stuck entries as backlog (they are claimed only after claim-min-idle, 2 s)
        metrics.refreshBacklog().await().atMost(Duration.ofSeconds(5));
        Map<String, Object> backlog = ingestCheckData();
        assertTrue(((Number) backlog.get("pending")).longValue() >= batch, "pending in readiness: " + backlog);
        assertTrue(Double.parseDouble(String.valueOf(backlog.get("backlogAgeSeconds"))) > 0, "backlog age: " + backlog);
        // Half of the batch is delivered again under the same event ids (a producer retry, or a
        // batch that was committed before the crash): those must not be stored twice.
        for (String json : events.subList(0, batch / 2)) {
            streams().xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(json));
        }

        await().atMost(WAIT).until(() -> streams().xpending(AuditTestSupport.STREAM, AuditTestSupport.GROUP)
                .getConsumers().getOrDefault(killed, 0L) == 0L);
        await().atMost(WAIT).until(() -> streams().xpending(AuditTestSupport.STREAM, AuditTestSupport.GROUP).getPendingCount() == 0);
        List<String> stored = actorEventIds(sub);
        assertEquals(batch, stored.size(), "every event exactly once");
        assertEquals(new HashSet<>(ids), new HashSet<>(stored));
        assertTrue(metric("wg_audit_events_duplicates_total") - duplicatesBefore >= batch / 2.0, "redeliveries counted as duplicates");
        JsonPath verify = given().auth().oauth2(auditor()).when().get("/api/v1/audit/verify")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(verify.getBoolean("valid"), verify.prettify());
    }

    @Test
    void readinessReportsTheBacklog() {
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath health = given().when().get(ready).then().statusCode(200).extract().jsonPath();
            Map<String, Object> ingest = health.getMap("checks.find { it.name == 'Audit ingest' }");
            assertEquals("UP", ingest.get("status"));
            @SuppressWarnings("unchecked")
            Map<String, Object> data = (Map<String, Object>) ingest.get("data");
            assertTrue(data.containsKey("streamLength") && data.containsKey("pending") && data.containsKey("backlogAgeSeconds")
                    && data.containsKey("lastStoredLagSeconds") && data.containsKey("chainHeadSeq"), data.toString());
            assertTrue(!"never".equals(data.get("refreshedAt")), "backlog figures refreshed: " + data);
        });
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> ingestCheckData() {
        JsonPath health = given().when().get(ready).then().extract().jsonPath();
        return (Map<String, Object>) health.getMap("checks.find { it.name == 'Audit ingest' }").get("data");
    }

    private List<String> actorEventIds(String sub) {
        return given().auth().oauth2(auditor()).queryParams(Map.of("actor", sub, "size", 500))
                .when().get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath().getList("items.eventId");
    }

    private double metric(String name) {
        String body = given().when().get(prometheus).then().statusCode(200).extract().asString();
        return body.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
