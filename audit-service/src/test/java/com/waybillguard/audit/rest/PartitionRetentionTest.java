package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.audit.service.PartitionMaintenance;
import com.waybillguard.audit.service.RetentionService;
import com.waybillguard.testsupport.PostgresRedisResource;
import com.waybillguard.testsupport.TestInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.event;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static com.waybillguard.audit.AuditTestSupport.uniqueWaybillNo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Monthly partitions, a partition for late or early events, and retention recorded in the chain. */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class PartitionRetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    RedisDataSource redis;


    @Inject
    PartitionMaintenance partitions;

    @Inject
    RetentionService retention;

    @Test
    void partitionsExistAheadAndOldEventsGetTheirOwnMonth() throws Exception {
        YearMonth now = YearMonth.now(java.time.ZoneOffset.UTC);
        for (int i = 0; i <= 3; i++) {
            assertTrue(exists(PartitionMaintenance.name(now.plusMonths(i))), "partition for " + now.plusMonths(i));
        }
        String sub = unique("sub-old");
        String id = UUID.randomUUID().toString();
        xadd(event(id, Instant.parse("2003-06-15T10:00:00Z"), "WAYBILL_READ", sub, "clerk.old", "HD-YN", uniqueWaybillNo(), "ALLOW"));
        await().atMost(WAIT).until(() -> actorEvents(sub).getList("items").size() == 1);
        assertEquals(1, count("SELECT count(*) FROM audit_event_default WHERE actor_sub = ?", sub), "lands in the default partition");

        List<YearMonth> created = partitions.ensurePartitions().await().atMost(WAIT);
        assertTrue(created.contains(YearMonth.of(2003, 6)), "created " + created);
        assertTrue(exists("audit_event_p2003_06"));
        assertEquals(0, count("SELECT count(*) FROM audit_event_default WHERE actor_sub = ?", sub));
        assertEquals(1, count("SELECT count(*) FROM audit_event_p2003_06 WHERE actor_sub = ?", sub));
        assertEquals(List.of(id), actorEvents(sub).getList("items.eventId"));
        assertTrue(verify(Map.of()).getBoolean("valid"));
    }

    @Test
    void retentionDropsWholeOldMonthsAndRecordsItInTheChain() throws Exception {
        String sub = unique("sub-retained");
        String january1 = UUID.randomUUID().toString();
        String january2 = UUID.randomUUID().toString();
        String february = UUID.randomUUID().toString();
        xadd(event(january1, Instant.parse("2001-01-10T08:00:00Z"), "WAYBILL_READ", sub, "clerk.r", "HD-YN", uniqueWaybillNo(), "ALLOW"));
        xadd(event(january2, Instant.parse("2001-01-31T23:59:59.999Z"), "WAYBILL_READ", sub, "clerk.r", "HD-YN", uniqueWaybillNo(), "DENY"));
        xadd(event(february, Instant.parse("2001-02-01T00:00:00Z"), "WAYBILL_READ", sub, "clerk.r", "HD-YN", uniqueWaybillNo(), "ALLOW"));
        await().atMost(WAIT).until(() -> actorEvents(sub).getList("items").size() == 3);
        long februarySeq = actorEvents(sub).getLong("items[0].seq");
        JsonPath stored = actorEvents(sub);
        String lastJanuaryHash = stored.getLong("items[1].seq") > stored.getLong("items[2].seq")
                ? stored.getString("items[1].hash") : stored.getString("items[2].hash");

        List<RetentionService.Dropped> dropped = retention.run(Instant.parse("2001-02-01T00:00:00Z"))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        RetentionService.Dropped january = dropped.stream().filter(d -> d.partition().equals("audit_event_p2001_01"))
                .findFirst().orElseThrow(() -> new AssertionError("January not dropped: " + dropped));
        assertEquals(2, january.events());
        assertFalse(exists("audit_event_p2001_01"));
        assertTrue(exists("audit_event_p2001_02"), "a month not entirely past the cutoff stays");
        assertEquals(List.of(february), actorEvents(sub).getList("items.eventId"));
        assertEquals(0, count("SELECT count(*) FROM audit_event_key WHERE event_id::text IN (?, ?)", january1, january2),
                "ledger rows of the dropped month are gone");

        JsonPath record = given().auth().oauth2(auditor()).queryParams(Map.of("action", RetentionService.ACTION, "size", 50))
                .when().get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath();
        List<String> reasons = record.getList("items.reason");
        String reason = reasons.stream().filter(r -> r.contains("partition=audit_event_p2001_01")).findFirst()
                .orElseThrow(() -> new AssertionError("no chain record of the drop: " + reasons));
        assertTrue(reason.contains("from=2001-01-01T00:00:00Z to=2001-02-01T00:00:00Z events=2"), reason);
        assertTrue(reason.contains("lastHash=" + lastJanuaryHash), reason);

        JsonPath all = verify(Map.of());
        assertTrue(all.getBoolean("valid"), "the chain stays valid across the retention gap: " + all.prettify());
        assertTrue(verify(Map.of("fromSeq", februarySeq - 1)).getBoolean("valid"), "verify may start inside the gap");
        JsonPath fromFebruary = verify(Map.of("fromSeq", februarySeq, "toSeq", februarySeq));
        assertTrue(fromFebruary.getBoolean("valid"), fromFebruary.prettify());

        // a gap row forged to hide a deletion is not anchored in the chain: the deletion is found
        String backup = "audit_event_backup_r" + februarySeq;
        try {
            execute("CREATE TABLE " + backup + " AS SELECT * FROM audit_event WHERE seq = " + februarySeq);
            execute("DELETE FROM audit_event WHERE seq = " + februarySeq);
            assertEquals(februarySeq, verify(Map.of()).getLong("firstBrokenSeq"));
            execute("INSERT INTO audit_retention_gap (from_seq, to_seq, last_hash, partition_name, record_event_id, record_seq, dropped_at) "
                    + "VALUES (" + februarySeq + ", " + februarySeq + ", repeat('a', 64), 'forged', gen_random_uuid(), 9000000000000, now())");
            assertEquals(februarySeq, verify(Map.of()).getLong("firstBrokenSeq"), "a gap naming no stored record is ignored");
            execute("UPDATE audit_retention_gap SET record_seq = 1 WHERE partition_name = 'forged'");
            assertFalse(verify(Map.of()).getBoolean("valid"), "a gap not covered by the newest record's digest breaks the chain");
        } finally {
            execute("DELETE FROM audit_retention_gap WHERE partition_name = 'forged'");
            execute("INSERT INTO audit_event SELECT * FROM " + backup);
            execute("DROP TABLE " + backup);
        }
        assertTrue(verify(Map.of()).getBoolean("valid"));
    }

    @Test
    void retentionBelowThreeYearsIsRefusedUnlessExplicitlyAllowed() {
        RetentionService.validate(Period.ofYears(3), false);
        RetentionService.validate(Period.parse("P10Y"), false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RetentionService.validate(Period.parse("P2Y11M"), false));
        assertTrue(e.getMessage().contains("wg.audit.retention"), e.getMessage());
        RetentionService.validate(Period.ofDays(1), true);
        assertThrows(IllegalStateException.class, () -> RetentionService.validate(Period.ZERO, true));
    }

    private void xadd(String json) {
        redis.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(json));
    }

    private JsonPath actorEvents(String sub) {
        return given().auth().oauth2(auditor()).queryParams(Map.of("actor", sub))
                .when().get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath();
    }

    private JsonPath verify(Map<String, ?> query) {
        return given().auth().oauth2(auditor()).queryParams(query)
                .when().get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath();
    }

    private boolean exists(String table) throws Exception {
        try (Connection c = TestInfrastructure.superuser("audit"); PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private long count(String sql, String... args) throws Exception {
        try (Connection c = TestInfrastructure.superuser("audit"); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = TestInfrastructure.superuser("audit"); PreparedStatement s = c.prepareStatement(sql)) {
            s.executeUpdate();
        }
    }
}
