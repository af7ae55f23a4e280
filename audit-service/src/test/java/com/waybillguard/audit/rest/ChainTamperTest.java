package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.audit.domain.ChainHash;
import com.waybillguard.audit.service.AppendedHead;
import com.waybillguard.audit.service.RetentionService;
import com.waybillguard.stack.PostgresServer;
import com.waybillguard.testsupport.PostgresRedisResource;
import com.waybillguard.testsupport.TestInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.event;
import static com.waybillguard.audit.AuditTestSupport.uniqueWaybillNo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The insider with the superuser's database credentials (issue 11): every rewrite of the trail done here in plain SQL,
 * as such an insider would, is found by verify at the exact seq, and the database is put back afterwards.
 */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class ChainTamperTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    RedisDataSource redis;


    @Inject
    AppendedHead appendedHead;

    /**
     * The service's own credentials (its application role, as in its configuration) cannot rewrite the log: every
     * statement below is refused by PostgreSQL, and the chain verifies afterwards.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE audit_event SET actor_username = 'someone.else' WHERE seq = %d",
            "DELETE FROM audit_event WHERE seq = %d",
            "TRUNCATE audit_event",
            "DELETE FROM audit_event_default",
            "UPDATE %s SET reason = 'edited' WHERE seq = %d",
            "DELETE FROM %s WHERE seq = %d",
            "DROP TABLE %s",
            "ALTER TABLE audit_event DETACH PARTITION %s",
            "DELETE FROM audit_checkpoint",
            "UPDATE audit_checkpoint SET signature = 'forged'",
            "DELETE FROM audit_retention_gap",
            "DELETE FROM audit_event_key",
            "DELETE FROM audit_alert",
            "ALTER TABLE audit_event DISABLE TRIGGER ALL",
            "CREATE TABLE audit_shadow (seq BIGINT)",
            "CREATE FUNCTION audit_shadow() RETURNS INT LANGUAGE sql AS 'SELECT 1'",
            "SELECT audit_drop_partition(current_date - 40)",
            "ALTER TABLE audit_checkpoint DROP COLUMN prev_digest",
    })
    void theServicesOwnCredentialsCannotRewriteTheLog(String template) throws Exception {
        long seq = stored(1).get(0);
        checkpoint();
        String partition = partitionOf(seq);
        String statement = template.contains("%s") ? String.format(template.replace("%d", "%2$d"), partition, seq)
                : String.format(template, seq);
        PostgresServer.ServiceRoles roles = TestInfrastructure.roles("audit");
        try (Connection c = TestInfrastructure.connect("audit", roles.app(), roles.appPassword());
             Statement s = c.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> s.execute(statement), statement);
            assertEquals("42501", refused.getSQLState(), statement + ": " + refused.getMessage());
        }
        assertValid();
    }

    @Test
    void deletingTheNewestEventsAndRewritingTheHeadIsFound() throws Exception {
        List<Long> seqs = stored(3);
        long kept = seqs.get(0);
        long firstGone = seqs.get(1);
        checkpoint();
        assertValid();
        try (Backup backup = new Backup("seq >= " + firstGone, "seq >= " + firstGone, true)) {
            sql("DELETE FROM audit_event WHERE seq >= ?", firstGone);
            sql("UPDATE audit_chain_head SET seq = ?, hash = (SELECT hash FROM audit_event WHERE seq = ?)", kept, kept);
            JsonPath result = verify(Map.of());
            assertEquals(false, result.getBoolean("valid"), result.prettify());
            assertEquals(firstGone, result.getLong("firstBrokenSeq"), "the newest checkpoint covers the deleted events");

            // covering the tracks: the checkpoints that name the deleted events go too
            sql("DELETE FROM audit_checkpoint WHERE seq >= ?", firstGone);
            JsonPath covered = verify(Map.of());
            assertEquals(false, covered.getBoolean("valid"), covered.prettify());
            assertEquals(firstGone, covered.getLong("firstBrokenSeq"), "this process remembers the checkpoint it wrote");
            assertTrue(covered.getString("reason").contains("no longer stored"), covered.getString("reason"));
        }
        assertValid();
    }

    @Test
    void deletingEventsNewerThanEveryCheckpointIsFoundWhileTheServiceRuns() throws Exception {
        checkpoint();
        List<Long> seqs = stored(3);
        long kept = seqs.get(0);
        long firstGone = seqs.get(1);
        await().atMost(WAIT).until(() -> appendedHead.newest() != null && appendedHead.newest().seq() >= seqs.get(2));
        try (Backup backup = new Backup("seq >= " + firstGone, null, true)) {
            sql("DELETE FROM audit_event WHERE seq >= ?", firstGone);
            sql("UPDATE audit_chain_head SET seq = ?, hash = (SELECT hash FROM audit_event WHERE seq = ?)", kept, kept);
            JsonPath result = verify(Map.of());
            assertEquals(false, result.getBoolean("valid"), result.prettify());
            assertEquals(firstGone, result.getLong("firstBrokenSeq"), "no checkpoint names them, the appending process does");
            assertTrue(result.getString("reason").contains("appended last"), result.getString("reason"));
        }
        assertValid();
    }

    @Test
    void anEventRewrittenAndTheChainRehashedIsFoundAtTheCheckpointBeforeIt() throws Exception {
        stored(1);
        long vouched = checkpoint().getLong("seq");
        List<Long> seqs = stored(2);
        long edited = seqs.get(0);
        assertEquals(vouched + 1, edited, "nothing else was appended in between");
        checkpoint();
        assertValid();
        try (Backup backup = new Backup("seq >= " + edited, null, true)) {
            // the insider changes who read the parcel, then recomputes every hash after it and the head row
            sql("UPDATE audit_event SET actor_username = 'someone.else', "
                    + "canonical = replace(canonical, '\"username\":\"clerk.rehash\"', '\"username\":\"someone.else\"') WHERE seq = ?", edited);
            rehashFrom(edited);
            JsonPath result = verify(Map.of());
            assertEquals(false, result.getBoolean("valid"), result.prettify());
            assertEquals(edited, result.getLong("firstBrokenSeq"), "the first seq the signed checkpoints no longer vouch for");
            assertTrue(result.getString("reason").contains("no longer match"), result.getString("reason"));
        }
        assertValid();
    }

    @Test
    void aCheckpointRemovedOrAlteredIsFound() throws Exception {
        stored(1);
        checkpoint();
        stored(1);
        long middle = checkpoint().getLong("id");
        stored(1);
        JsonPath last = checkpoint();
        assertValid();

        try (Backup backup = new Backup(null, "id = " + middle, false)) {
            sql("DELETE FROM audit_checkpoint WHERE id = ?", middle);
            JsonPath result = verify(Map.of());
            assertEquals(false, result.getBoolean("valid"));
            assertEquals(last.getLong("seq"), result.getLong("firstBrokenSeq"));
            assertTrue(result.getString("reason").contains("does not follow the checkpoint before it"), result.getString("reason"));
        }
        assertValid();
        try (Backup backup = new Backup(null, "id = " + middle, false)) {
            sql("UPDATE audit_checkpoint SET hash = '" + "0".repeat(64) + "' WHERE id = ?", middle);
            JsonPath result = verify(Map.of());
            assertEquals(false, result.getBoolean("valid"));
            assertTrue(result.getString("reason").contains("does not verify with a trusted key"), result.getString("reason"));
        }
        try (Backup backup = new Backup(null, "id = " + last.getLong("id"), false)) {
            // a checkpoint "signed" by a key the insider made: the key id is not one audit-service trusts
            sql("UPDATE audit_checkpoint SET key_id = 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k' WHERE id = ?", last.getLong("id"));
            JsonPath result = verify(Map.of());
            assertEquals(false, result.getBoolean("valid"));
            assertEquals(last.getLong("seq"), result.getLong("firstBrokenSeq"));
        }
        assertValid();
    }

    @Test
    void aRetentionGapForgedBySuspensionReasonOrStreamEntryHidesNothing() throws Exception {
        List<Long> seqs = stored(3);
        long deleted = seqs.get(1);
        String lastHash = hashAt(deleted);
        try (Backup backup = new Backup("seq = " + deleted, null, false)) {
            // the anchor a forger needs: the digest of every recorded gap run, this one included
            List<RetentionService.Run> runs = new ArrayList<>(gapRuns());
            runs.add(new RetentionService.Run(deleted, deleted, 0, lastHash));
            runs.sort((a, b) -> Long.compare(a.fromSeq(), b.fromSeq()));
            String digest = RetentionService.gapsDigest(runs);

            // an auditor's suspension reason that carries the digest becomes a chained event ...
            String target = AuditTestSupport.unique("sub-forger-target");
            given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"reason\":\"gapsDigest=" + digest + "\"}")
                    .when().post("/api/v1/accounts/" + target + "/suspend").then().statusCode(200);
            await().atMost(WAIT).until(() -> seqOf("ACCOUNT_SUSPENDED", target) != null);
            long forgedRecord = seqOf("ACCOUNT_SUSPENDED", target);
            checkpoint(); // covered by a checkpoint: only what the record is can disqualify it
            // ... and a stream entry claiming to be audit-service's retention record is never chained
            String streamForgery = UUID.randomUUID().toString();
            redis.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry("{\"eventId\":\"" + streamForgery
                    + "\",\"occurredAt\":\"" + Instant.now() + "\",\"source\":\"audit-service\",\"action\":\"RETENTION_APPLIED\","
                    + "\"reason\":\"gapsDigest=" + digest + "\"}"));
            await().atMost(WAIT).until(() -> deadLettered(streamForgery));

            sql("DELETE FROM audit_event WHERE seq = ?", deleted);
            sql("INSERT INTO audit_retention_gap (from_seq, to_seq, last_hash, partition_name, record_event_id, record_seq, dropped_at) "
                    + "VALUES (?, ?, '" + lastHash + "', 'audit_event_forged', '" + UUID.randomUUID() + "', " + forgedRecord + ", now())",
                    deleted, deleted);
            try {
                JsonPath result = verify(Map.of());
                assertEquals(false, result.getBoolean("valid"), result.prettify());
                assertEquals(deleted, result.getLong("firstBrokenSeq"), "the deleted event is reported, the forged gap ignored");
            } finally {
                sql("DELETE FROM audit_retention_gap WHERE partition_name = 'audit_event_forged' AND from_seq = ?", deleted);
            }
        }
        assertValid();
    }

    @Test
    void aRangeThatIsEmptyOrBeyondTheChainIsAProblemNotValid() {
        stored(1);
        long head = verify(Map.of()).getLong("headSeq");
        for (Map<String, ?> query : List.of(Map.of("fromSeq", head + 1), Map.of("toSeq", head + 5),
                Map.of("fromSeq", head + 1, "toSeq", head + 2), Map.of("fromSeq", 3, "toSeq", 2), Map.of("fromSeq", 0))) {
            given().auth().oauth2(auditor()).queryParams(query)
                    .when().get("/api/v1/audit/verify")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://waybill-guard.example/problems/invalid-request"))
                    .body("detail", containsString("Seq'"));
        }
    }

    // ---- helpers ----

    /** Appends {@code n} read events through the stream and waits until all are chained; their seqs in order. */
    private List<Long> stored(int n) {
        List<String> waybills = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String waybillNo = uniqueWaybillNo();
            waybills.add(waybillNo);
            redis.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(
                    event(UUID.randomUUID().toString(), Instant.now(), "WAYBILL_READ", "sub-rehash", "clerk.rehash", "HD-YN", waybillNo, "ALLOW")));
        }
        List<Long> seqs = new ArrayList<>();
        for (String waybillNo : waybills) {
            await().atMost(WAIT).until(() -> !events(waybillNo).getList("items").isEmpty());
            seqs.add(events(waybillNo).getLong("items[0].seq"));
        }
        seqs.sort(Long::compare);
        return seqs;
    }

    private JsonPath events(String waybillNo) {
        return given().auth().oauth2(auditor()).queryParam("waybillNo", waybillNo)
                .when().get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath();
    }

    private JsonPath checkpoint() {
        return given().auth().oauth2(auditor()).when().post("/api/v1/audit/checkpoints")
                .then().statusCode(201).extract().jsonPath();
    }

    private JsonPath verify(Map<String, ?> query) {
        return given().auth().oauth2(auditor()).queryParams(query)
                .when().get("/api/v1/audit/verify")
                .then().statusCode(200).extract().jsonPath();
    }

    private void assertValid() {
        JsonPath result = verify(Map.of());
        assertTrue(result.getBoolean("valid"), result.prettify());
    }

    private boolean deadLettered(String eventId) {
        List<StreamMessage<String, String, String>> dead = redis.stream(String.class).xrange(AuditTestSupport.DEAD, StreamRange.of("-", "+"));
        return dead.stream().anyMatch(m -> m.payload().getOrDefault("event", "").contains(eventId)
                && m.payload().getOrDefault("error", "").contains("RETENTION_APPLIED"));
    }

    /** Recomputes prev_hash and hash of every event from {@code seq} on from the stored canonical text, and the head. */
    private void rehashFrom(long seq) throws SQLException {
        try (Connection c = TestInfrastructure.superuser("audit")) {
            String prev = hashAt(c, seq - 1);
            List<long[]> order = new ArrayList<>();
            List<String> canonicals = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT seq, canonical FROM audit_event WHERE seq >= ? ORDER BY seq")) {
                s.setLong(1, seq);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        order.add(new long[] {rs.getLong(1)});
                        canonicals.add(rs.getString(2));
                    }
                }
            }
            for (int i = 0; i < order.size(); i++) {
                String hash = ChainHash.next(prev, canonicals.get(i));
                try (PreparedStatement u = c.prepareStatement("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?")) {
                    u.setString(1, prev);
                    u.setString(2, hash);
                    u.setLong(3, order.get(i)[0]);
                    assertEquals(1, u.executeUpdate());
                }
                prev = hash;
            }
            try (PreparedStatement h = c.prepareStatement("UPDATE audit_chain_head SET hash = ?")) {
                h.setString(1, prev);
                h.executeUpdate();
            }
        }
    }

    /** The monthly partition that holds {@code seq}. */
    private static String partitionOf(long seq) throws SQLException {
        try (Connection c = TestInfrastructure.superuser("audit");
             PreparedStatement s = c.prepareStatement("SELECT tableoid::regclass::text FROM audit_event WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "event " + seq + " is stored");
                return rs.getString(1);
            }
        }
    }

    private String hashAt(long seq) throws SQLException {
        try (Connection c = TestInfrastructure.superuser("audit")) {
            return hashAt(c, seq);
        }
    }

    private static String hashAt(Connection c, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT hash FROM audit_event WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "event " + seq + " is stored");
                return rs.getString(1).trim();
            }
        }
    }

    private Long seqOf(String action, String targetSub) throws SQLException {
        try (Connection c = TestInfrastructure.superuser("audit");
             PreparedStatement s = c.prepareStatement("SELECT seq FROM audit_event WHERE action = ? AND target_sub = ?")) {
            s.setString(1, action);
            s.setString(2, targetSub);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private List<RetentionService.Run> gapRuns() throws SQLException {
        List<RetentionService.Run> runs = new ArrayList<>();
        try (Connection c = TestInfrastructure.superuser("audit");
             PreparedStatement s = c.prepareStatement("SELECT from_seq, to_seq, last_hash FROM audit_retention_gap ORDER BY from_seq");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                runs.add(new RetentionService.Run(rs.getLong(1), rs.getLong(2), 0, rs.getString(3).trim()));
            }
        }
        return runs;
    }

    private void sql(String statement, Object... params) throws SQLException {
        try (Connection c = TestInfrastructure.superuser("audit"); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            assertTrue(s.executeUpdate() >= 1, "the insider's statement changed something: " + statement);
        }
    }

    /**
     * Copies the events and checkpoints an attack touches (and the head row) aside, and puts them back when closed, so
     * that the chain is whole again for the next test.
     */
    private final class Backup implements AutoCloseable {
        private final String suffix = Long.toString(System.nanoTime());
        private final String events;
        private final String checkpoints;
        private final boolean head;

        /** {@code head}: whether the attack rewrites the head row (then nothing else may append meanwhile). */
        Backup(String eventsWhere, String checkpointsWhere, boolean head) throws SQLException {
            this.events = eventsWhere;
            this.checkpoints = checkpointsWhere;
            this.head = head;
            if (head) {
                exec("CREATE TABLE head_" + suffix + " AS SELECT * FROM audit_chain_head");
            }
            if (events != null) {
                exec("CREATE TABLE events_" + suffix + " AS SELECT * FROM audit_event WHERE " + events);
            }
            if (checkpoints != null) {
                exec("CREATE TABLE checkpoints_" + suffix + " AS SELECT * FROM audit_checkpoint WHERE " + checkpoints);
            }
        }

        @Override
        public void close() throws SQLException {
            if (events != null) {
                exec("DELETE FROM audit_event WHERE " + events);
                exec("INSERT INTO audit_event SELECT * FROM events_" + suffix);
                exec("DROP TABLE events_" + suffix);
            }
            if (checkpoints != null) {
                exec("DELETE FROM audit_checkpoint WHERE " + checkpoints);
                exec("INSERT INTO audit_checkpoint OVERRIDING SYSTEM VALUE SELECT * FROM checkpoints_" + suffix);
                exec("DROP TABLE checkpoints_" + suffix);
            }
            if (head) {
                exec("UPDATE audit_chain_head h SET seq = b.seq, hash = b.hash FROM head_" + suffix + " b WHERE h.id = b.id");
                exec("DROP TABLE head_" + suffix);
            }
        }

        private void exec(String statement) throws SQLException {
            try (Connection c = TestInfrastructure.superuser("audit"); PreparedStatement s = c.prepareStatement(statement)) {
                s.executeUpdate();
            }
        }
    }
}
