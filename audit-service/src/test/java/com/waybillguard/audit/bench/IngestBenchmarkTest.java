package com.waybillguard.audit.bench;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.testsupport.PostgresRedisResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Ingest benchmark and query-plan check; runs only with {@code -Dwg.bench=true} (see
 * {@code audit-service/bench/ingest-bench.sh}). XADDs {@code wg.bench.events} events (default 50,000)
 * stamped with the time they are sent, waits until all are chained, and reports the ingest rate and the
 * end-to-end lag (ingestedAt - occurredAt). Then it generates {@code wg.bench.rows} synthetic rows
 * (default 300,000) spread over twelve monthly partitions and prints the plan of each search query.
 * Results go to stdout and {@code target/ingest-bench.txt}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "wg.bench", matches = "true")
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class IngestBenchmarkTest {

    private static final int CHUNK = 500;

    @Inject
    RedisDataSource redis;

    @Inject
    AgroalDataSource jdbc;

    private final List<String> report = new ArrayList<>();

    @Test
    void ingestRateLagAndQueryPlans() throws Exception {
        int events = Integer.getInteger("wg.bench.events", 50_000);
        int rows = Integer.getInteger("wg.bench.rows", 300_000);
        String sub = "sub-bench-" + UUID.randomUUID().toString().substring(0, 8);

        Instant sendStart = Instant.now();
        for (int sent = 0; sent < events; sent += CHUNK) {
            int n = Math.min(CHUNK, events - sent);
            redis.withTransaction(tx -> {
                for (int i = 0; i < n; i++) {
                    tx.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(event(UUID.randomUUID().toString(),
                            Instant.now(), "WAYBILL_READ", sub, "clerk.bench", "HD-YN", uniqueWaybillNo(), "ALLOW")));
                }
            });
        }
        Instant sendEnd = Instant.now();
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> count("SELECT count(*) FROM audit_event WHERE actor_sub = '" + sub + "'") == events);
        Instant stored = Instant.now();

        try (Connection c = jdbc.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT min(ingested_at), max(ingested_at),
                            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ingested_at - occurred_at)),
                            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM ingested_at - occurred_at)),
                            max(extract(epoch FROM ingested_at - occurred_at))
                     FROM audit_event WHERE actor_sub = '""" + sub + "'")) {
            rs.next();
            Instant firstStored = rs.getTimestamp(1).toInstant();
            Instant lastStored = rs.getTimestamp(2).toInstant();
            double sendSeconds = Duration.between(sendStart, sendEnd).toMillis() / 1000.0;
            double totalSeconds = Duration.between(sendStart, lastStored).toMillis() / 1000.0;
            double ingestSeconds = Duration.between(firstStored, lastStored).toMillis() / 1000.0;
            line("events: %d (XADD in MULTI chunks of %d, %.1f s to send, %.0f events/s offered)", events, CHUNK, sendSeconds,
                    events / sendSeconds);
            line("ingest rate: %.0f events/s (first to last stored, %.1f s); %.0f events/s from first XADD to last stored (%.1f s)",
                    events / ingestSeconds, ingestSeconds, events / totalSeconds, totalSeconds);
            line("end-to-end lag occurredAt -> ingestedAt: p50 %.3f s, p95 %.3f s, max %.3f s", rs.getDouble(3), rs.getDouble(4),
                    rs.getDouble(5));
            line("all stored seen by the test after %.1f s", Duration.between(sendStart, stored).toMillis() / 1000.0);
        }
        long verifyStart = System.nanoTime();
        JsonPath verify = given().auth().oauth2(auditor()).when().get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath();
        assertTrue(verify.getBoolean("valid"), verify.prettify());
        line("verify of the whole chain (%d events): %.1f s, valid", verify.getLong("checked"), (System.nanoTime() - verifyStart) / 1e9);

        // Query plans on a larger table (synthetic rows, not chained: run this test alone).
        long genStart = System.nanoTime();
        execute("SELECT audit_ensure_partition((date_trunc('month', now()) - make_interval(months => n))::date) FROM generate_series(1, 11) n");
        execute("""
                INSERT INTO audit_event (seq, occurred_at, event_id, ingested_at, source, action, actor_sub, actor_username,
                    actor_role, actor_outlet_id, waybill_no, decision, canonical, prev_hash, hash)
                SELECT 100000000 + g, now() - (g % 330) * INTERVAL '1 day' - (g % 86400) * INTERVAL '1 second', gen_random_uuid(), now(),
                    'waybill-service', (ARRAY['WAYBILL_READ','GRANT_ISSUED','GRANT_REFUSED','WAYBILL_READ_REFUSED'])[1 + g % 4],
                    'sub-' || (g % 2000), 'user.' || (g % 2000), 'clerk', 'OUT-' || (g % 40), 'YT' || (1000000000000 + g % 100000),
                    CASE WHEN g % 4 IN (2, 3) THEN 'DENY' ELSE 'ALLOW' END, '{}', repeat('0', 64), repeat('0', 64)
                FROM generate_series(1, ROWS) g""".replace("ROWS", String.valueOf(rows)));
        execute("ANALYZE audit_event");
        line("generated %d synthetic rows over 12 monthly partitions in %.1f s", rows, (System.nanoTime() - genStart) / 1e9);
        String order = " ORDER BY occurred_at DESC, seq DESC LIMIT 51";
        plan("no filter", "SELECT * FROM audit_event" + order);
        plan("actor (sub or username)", "SELECT * FROM audit_event WHERE (actor_sub = 'sub-42' OR actor_username = 'sub-42')" + order);
        plan("waybillNo", "SELECT * FROM audit_event WHERE waybill_no = 'YT1000000000042'" + order);
        plan("outletId", "SELECT * FROM audit_event WHERE actor_outlet_id = 'OUT-7'" + order);
        plan("action", "SELECT * FROM audit_event WHERE action = 'GRANT_REFUSED'" + order);
        plan("decision", "SELECT * FROM audit_event WHERE decision = 'DENY'" + order);
        plan("from/to (one week)", "SELECT * FROM audit_event WHERE occurred_at >= now() - INTERVAL '60 days' AND occurred_at < now() - INTERVAL '53 days'" + order);
        plan("actor + action + from", "SELECT * FROM audit_event WHERE (actor_sub = 'sub-42' OR actor_username = 'sub-42') "
                + "AND action = 'WAYBILL_READ' AND occurred_at >= now() - INTERVAL '90 days'" + order);
        plan("deep page, OFFSET 20000", "SELECT * FROM audit_event" + order + " OFFSET 20000");
        plan("deep page, keyset cursor", "SELECT * FROM audit_event WHERE occurred_at <= now() - INTERVAL '30 days' "
                + "AND (occurred_at < now() - INTERVAL '30 days' OR seq < 100000000)" + order);
        plan("verify slice by seq", "SELECT * FROM audit_event WHERE seq >= 100150000 AND seq <= 100151000 ORDER BY seq LIMIT 1000");
        Files.write(Path.of("target", "ingest-bench.txt"), report);
        assertEquals(events, count("SELECT count(*) FROM audit_event WHERE actor_sub = '" + sub + "'"));
    }

    private void plan(String name, String sql) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Connection c = jdbc.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        String execution = lines.stream().filter(l -> l.startsWith("Execution Time")).findFirst().orElse("");
        String scans = String.join(" ", lines.stream().map(String::strip)
                .filter(l -> l.contains("Scan") || l.startsWith("-> Merge") || l.contains("Sort")).limit(4).toList());
        line("plan %-26s %s | %s", name + ":", execution, scans.length() > 220 ? scans.substring(0, 220) + "..." : scans);
        report.add("    " + String.join("\n    ", lines));
    }

    private void line(String format, Object... args) throws IOException {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println("[bench] " + text);
        report.add(text);
    }

    private long count(String sql) throws Exception {
        try (Connection c = jdbc.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = jdbc.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
