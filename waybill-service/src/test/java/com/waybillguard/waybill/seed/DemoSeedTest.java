package com.waybillguard.waybill.seed;

import com.waybillguard.testsupport.PostgresRedisResource;
import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.WaybillStatus;
import com.waybillguard.waybill.support.GrantBuilder;
import com.waybillguard.waybill.support.JwksTestServer;
import com.waybillguard.waybill.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starts the service with demo seeding on, against its own empty database: what is seeded, and only once. */
@QuarkusTest
@TestProfile(DemoSeedTest.SeedProfile.class)
class DemoSeedTest {

    static final int COUNT = 2000;

    public static class SeedProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the launcher sets the environment variable WG_SEED_DEMO, which is wg.seed.demo by its name
            return Map.of("wg.seed.demo", "true", "wg.seed.waybills", Integer.toString(COUNT));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(
                    new TestResourceEntry(PostgresRedisResource.class, Map.of("database", "waybill_seed")),
                    new TestResourceEntry(OidcWiremockTestResource.class),
                    new TestResourceEntry(JwksTestServer.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DemoDataSeeder seeder;

    @Inject
    WaybillServiceConfig config;

    private static final String ROWS = "SELECT waybill_no, status, origin_outlet_id, destination_outlet_id, weight_grams, "
            + "item_category, pickup_courier_id, delivery_courier_id, sender_name, sender_phone, sender_province, "
            + "sender_city, sender_district, sender_detail, receiver_name, receiver_phone, receiver_province, "
            + "receiver_city, receiver_district, receiver_detail, canary, created_at, updated_at FROM waybill";
    /** Every column of every row, in a stable order: equal checksums mean nothing was added, removed or changed. */
    private static final String CHECKSUM = "SELECT count(*), md5(coalesce(string_agg(w::text, '|' ORDER BY w.id), '')) "
            + "FROM waybill w";

    /** The stored waybills, as the generator's records, by number. */
    private Map<String, DemoWaybill> stored() throws SQLException {
        Map<String, DemoWaybill> rows = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(ROWS)) {
            while (rs.next()) {
                int i = 1;
                String no = rs.getString(i++);
                WaybillStatus status = WaybillStatus.valueOf(rs.getString(i++));
                String origin = rs.getString(i++);
                String destination = rs.getString(i++);
                int weight = rs.getInt(i++);
                String category = rs.getString(i++);
                String pickup = rs.getString(i++);
                String delivery = rs.getString(i++);
                DemoWaybill.Party sender = new DemoWaybill.Party(rs.getString(i++), rs.getString(i++),
                        rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++));
                DemoWaybill.Party receiver = new DemoWaybill.Party(rs.getString(i++), rs.getString(i++),
                        rs.getString(i++), rs.getString(i++), rs.getString(i++), rs.getString(i++));
                boolean canary = rs.getBoolean(i++);
                Instant created = rs.getTimestamp(i++).toInstant();
                Instant updated = rs.getTimestamp(i).toInstant();
                rows.put(no, new DemoWaybill(no, status, origin, destination, weight, category, pickup, delivery,
                        sender, receiver, canary, created, updated));
            }
        }
        return rows;
    }

    private static DemoWaybill withoutCanary(DemoWaybill w) {
        return new DemoWaybill(w.waybillNo(), w.status(), w.originOutletId(), w.destinationOutletId(), w.weightGrams(),
                w.itemCategory(), w.pickupCourierId(), w.deliveryCourierId(), w.sender(), w.receiver(), false,
                w.createdAt(), w.updatedAt());
    }

    private String checksum() throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(CHECKSUM)) {
            rs.next();
            return rs.getLong(1) + " rows, md5 " + rs.getString(2);
        }
    }

    @Test
    void seedsOnceIntoAnEmptyTable() throws SQLException {
        // the start-up seeded the empty table with exactly what the generator makes from the configured seed
        List<DemoWaybill> expected = new DemoWaybillGenerator(config.seed().randomSeed()).generate(COUNT);
        Map<String, DemoWaybill> stored = stored();
        assertEquals(COUNT, stored.size(), "rows seeded");
        List<String> different = new ArrayList<>();
        for (DemoWaybill w : expected) {
            // every column but the canary flag, which the seeder sets at random
            DemoWaybill row = stored.get(w.waybillNo());
            if (row == null || !w.equals(withoutCanary(row))) {
                different.add(w.waybillNo() + ": expected " + w + ", stored " + stored.get(w.waybillNo()));
            }
        }
        assertTrue(different.isEmpty(), different.size() + " rows differ from the generator, e.g. "
                + different.subList(0, Math.min(3, different.size())));
        DemoWaybill first = stored.get("YT0000000001");
        assertEquals("张三丰", first.sender().name());
        assertEquals("13987654321", first.receiver().phone());
        Set<String> canaries = stored.values().stream().filter(DemoWaybill::canary).map(DemoWaybill::waybillNo)
                .collect(Collectors.toSet());
        assertEquals(config.seed().canaries(), canaries.size(), "canaries seeded");
        Set<String> fixed = expected.subList(0, DemoWaybillGenerator.fixedCases()).stream()
                .map(DemoWaybill::waybillNo).collect(Collectors.toSet());
        assertTrue(canaries.stream().noneMatch(fixed::contains), "a fixed demo case is a canary");

        // a second seed (as at the next start) into the now non-empty table inserts nothing and changes nothing
        String before = checksum();
        assertEquals(0, seeder.seed(), "rows inserted by the second seed");
        assertEquals(before, checksum());
    }

    @Test
    void firstDemoWaybillReadsMaskedAtTheDestinationCounter() {
        String sub = "sub-clerk-jize";
        String device = "demo-device-1";
        given().auth().oauth2(Tokens.access(sub, "clerk.jize", "clerk", "HD-JZ", null))
                .header("X-Device-Id", device)
                .header("X-Access-Grant", GrantBuilder.grant(sub, "clerk", "YT0000000001", "COUNTER_INQUIRY", device)
                        .outlet("HD-JZ").sign())
                .when().get("/api/v1/waybills/YT0000000001")
                .then().statusCode(200)
                .body("status", equalTo("IN_TRANSIT"))
                .body("originOutletId", equalTo("HD-YN"))
                .body("destinationOutletId", equalTo("HD-JZ"))
                .body("sender.name", equalTo("张**"))
                .body("sender.phone", equalTo("*******5678"))
                .body("sender.address.district", equalTo("永年区"))
                .body("receiver.name", equalTo("李*"))
                .body("receiver.phone", equalTo("*******4321"))
                .body("receiver.address.district", equalTo("鸡泽县"));
    }
}
