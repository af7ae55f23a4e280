package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway against a Redis in cluster mode (own profile: a node holding all 16384 slots, which refuses keys of
 * two slots in one command or script with {@code CROSSSLOT}, as a Redis Cluster does): the admission script, the
 * quota peek and an override run with exactly the keys the gateway computes, so every one of them shares the hash
 * tag {@code {wg}}.
 */
@QuarkusTest
@TestProfile(ClusterKeyLayoutTest.OnACluster.class)
class ClusterKeyLayoutTest {

    public static class OnACluster implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class),
                    new TestResourceEntry(PostgresRedisResource.class, Map.of("postgres", "false", "redis", "cluster")),
                    new TestResourceEntry(UpstreamStub.class));
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Test
    void theGatewaysRedisIsAClusterNodeThatRefusesKeysOfTwoSlots() {
        String info = redis.execute("INFO", "cluster").toString();
        assertTrue(info.contains("cluster_enabled:1"), "Redis in cluster mode");
        RuntimeException crossSlot = assertThrows(RuntimeException.class,
                () -> redis.execute("EVAL", "return 1", "2", "{wg}:a", "wg:b"));
        assertTrue(crossSlot.getMessage().contains("CROSSSLOT"), crossSlot.getMessage());
    }

    @Test
    void aGrantIsAdmittedCountedAndAuditedInOneSlot() throws Exception {
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub);
        GrantResourceTest.requestGrant(clerk, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Remaining", "29");

        List<JsonNode> events = AuditStream.eventsOf(sub);
        assertEquals(1, events.stream().filter(e -> "GRANT_ISSUED".equals(e.path("action").asText())).count());
        // the peek runs the same script with the same keys, and sees the grant counted in the account's day
        JsonNode windows = json.readTree(given().auth().oauth2(clerk).get("/api/v1/quota").then().statusCode(200)
                .extract().asString()).get("windows");
        JsonNode day = null;
        for (JsonNode window : windows) {
            if ("day".equals(window.path("window").asText())) {
                day = window;
            }
        }
        assertNotNull(day, windows.toString());
        assertEquals(day.path("limit").asLong() - 1, day.path("remaining").asLong(), day.toString());
    }

    @Test
    void anAccountWithoutAnOutletIsCountedInItsRolesPoolInTheSameSlot() {
        String agent = Tokens.csAgent(Tokens.newSub());
        GrantResourceTest.requestGrant(agent, GrantResourceTest.WAYBILL, "CUSTOMER_SERVICE").then().statusCode(201)
                .header("RateLimit-Remaining", "19");
        // the role's daily pool ({wg}:quota:role:cs_agent:day:<local date>) is read and counted by the same script
        given().auth().oauth2(agent).get("/api/v1/quota").then().statusCode(200)
                .body("windows.find { it.window == 'role-day' }.limit", equalTo(20000))
                .body("windows.find { it.window == 'day' }.remaining", equalTo(999));
    }

    @Test
    void anOverrideAndAnEnforcedTripRunOnTheCluster() {
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub);
        given().auth().oauth2(Tokens.admin(Tokens.newSub())).contentType(ContentType.JSON)
                .body(Map.of("perMinute", 5, "perHour", 50, "perDay", 500))
                .put("/api/v1/admin/quotas/accounts/" + sub).then().statusCode(200);
        GrantResourceTest.requestGrant(clerk, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Limit", "5");

        // a second device on the account trips SHARED_ACCOUNT (enforce): the script sets the suspension marker
        DetectionTest.assertSuspendedProblem(
                DetectionTest.grant(clerk, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY", "another-device-1"));
        assertNotNull(Suspensions.marker(sub), "suspended by the admission script");
        GrantResourceTest.requestGrant(clerk, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY").then().statusCode(403)
                .body("type", equalTo(GrantResourceTest.PROBLEMS + "account-suspended"));
    }
}
