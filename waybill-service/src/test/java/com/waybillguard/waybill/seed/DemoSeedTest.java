package com.waybillguard.waybill.seed;

import com.waybillguard.testsupport.PostgresRedisResource;
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
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Starts the service with demo seeding on, against its own database, and tours the demo data. */
@QuarkusTest
@TestProfile(DemoSeedTest.SeedProfile.class)
class DemoSeedTest {

    static final int COUNT = 2000;

    public static class SeedProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wg.seed.enabled", "true", "wg.seed.waybills", Integer.toString(COUNT));
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

    @Test
    void seedsOnceIntoAnEmptyTable() throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*), count(*) FILTER (WHERE canary) FROM waybill")) {
            rs.next();
            assertEquals(COUNT, rs.getInt(1));
            assertEquals(3, rs.getInt(2), "YT0000000005 plus every 997th");
        }
    }

    @Test
    void firstDemoWaybillReadsAsTheDesignExample() {
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
