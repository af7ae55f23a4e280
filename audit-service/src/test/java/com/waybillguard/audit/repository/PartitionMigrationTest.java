package com.waybillguard.audit.repository;

import com.waybillguard.stack.PostgresServer;
import com.waybillguard.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** V2 converts a populated V1 table: rows keep their values and land in their months' partitions. */
class PartitionMigrationTest {

    private static final String DATABASE = "audit_migration";

    @Test
    void existingRowsMoveIntoMonthlyPartitions() throws Exception {
        String url = TestInfrastructure.postgres(DATABASE).jdbcUrl(DATABASE);
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); Statement s = c.createStatement()) {
            s.execute(migration("V1__audit_log.sql"));
            s.executeUpdate("""
                    INSERT INTO audit_event (seq, occurred_at, event_id, ingested_at, source, action, actor_sub, decision,
                        disclosure, canonical, prev_hash, hash)
                    VALUES (1, '2024-03-10T08:00:00Z', gen_random_uuid(), now(), 'waybill-service', 'WAYBILL_READ', 's-1', 'ALLOW',
                            '{"sender.name": "MASKED"}', '{}', repeat('0', 64), repeat('a', 64)),
                           (2, now(), gen_random_uuid(), now(), 'waybill-service', 'GRANT_REFUSED', 's-2', 'DENY',
                            NULL, '{}', repeat('a', 64), repeat('b', 64)),
                           (3, '2031-01-01T00:00:00Z', gen_random_uuid(), now(), 'access-gateway', 'GRANT_ISSUED', 's-3', 'ALLOW',
                            NULL, '{}', repeat('b', 64), repeat('c', 64))""");
        }
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); Statement s = c.createStatement()) {
            s.execute(migration("V2__partition_audit_event_by_month.sql"));
            s.execute(migration("V3__audit_event_refusal_index.sql"));
            s.execute(migration("V4__alerts.sql"));
        }

        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); Statement s = c.createStatement()) {
            assertEquals("p", single(s, "SELECT relkind::text FROM pg_class WHERE relname = 'audit_event'"), "partitioned");
            assertEquals("audit_event_p2024_03", single(s, "SELECT tableoid::regclass::text FROM audit_event WHERE seq = 1"));
            assertEquals("audit_event_p2031_01", single(s, "SELECT tableoid::regclass::text FROM audit_event WHERE seq = 3"));
            YearMonth now = YearMonth.now(ZoneOffset.UTC);
            assertEquals(String.format("audit_event_p%04d_%02d", now.getYear(), now.getMonthValue()),
                    single(s, "SELECT tableoid::regclass::text FROM audit_event WHERE seq = 2"));
            for (int i = 0; i <= 3; i++) {
                YearMonth month = now.plusMonths(i);
                String name = String.format("audit_event_p%04d_%02d", month.getYear(), month.getMonthValue());
                assertEquals("true", single(s, "SELECT (to_regclass('" + name + "') IS NOT NULL)::text"), name);
            }
            assertEquals("0", single(s, "SELECT count(*)::text FROM audit_event_default"));
            assertEquals("MASKED", single(s, "SELECT disclosure->>'sender.name' FROM audit_event WHERE seq = 1"));
            assertEquals("3", single(s, "SELECT count(*)::text FROM audit_event"));
            assertEquals("false", single(s, "SELECT (to_regclass('audit_event_v1') IS NOT NULL)::text"));
            String indexes = single(s, "SELECT string_agg(indexname, ',') FROM pg_indexes WHERE tablename = 'audit_event_p2024_03'");
            assertTrue(indexes.contains("actor_sub") && indexes.contains("waybill_no") && indexes.contains("seq_idx"), indexes);

            // V4: every partition has the alert column, and a partition created later still takes rows moved out of
            // the default partition column by column (audit_ensure_partition copies with SELECT *)
            assertEquals("0", single(s, "SELECT count(*)::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    + "WHERE i.inhparent = 'audit_event'::regclass AND NOT EXISTS (SELECT 1 FROM pg_attribute a "
                    + "WHERE a.attrelid = c.oid AND a.attname = 'alert' AND NOT a.attisdropped)"), "partitions without alert");
            s.executeUpdate("""
                    INSERT INTO audit_event (seq, occurred_at, event_id, ingested_at, source, action, actor_sub, alert,
                        canonical, prev_hash, hash)
                    VALUES (4, '2040-05-05T00:00:00Z', gen_random_uuid(), now(), 'access-gateway', 'ALERT_RAISED', 's-4',
                            '{"rule": "ENUMERATION"}', '{}', repeat('c', 64), repeat('d', 64))""");
            assertEquals("audit_event_default", single(s, "SELECT tableoid::regclass::text FROM audit_event WHERE seq = 4"));
            s.execute("SELECT audit_ensure_partition('2040-05-01')");
            assertEquals("audit_event_p2040_05", single(s, "SELECT tableoid::regclass::text FROM audit_event WHERE seq = 4"));
            assertEquals("ENUMERATION", single(s, "SELECT alert->>'rule' FROM audit_event WHERE seq = 4"));
            assertEquals("1", single(s, "SELECT count(*)::text FROM information_schema.tables WHERE table_name = 'audit_alert'"));
        }
    }

    /** The migration script as Flyway runs it (Flyway itself needs the Quarkus runtime here). */
    private static String migration(String file) throws IOException {
        try (InputStream in = PartitionMigrationTest.class.getResourceAsStream("/db/migration/" + file)) {
            assertTrue(in != null, file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }
}
