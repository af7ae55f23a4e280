package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.waybillguard.testsupport.PostgresRedisResource;
import com.waybillguard.testsupport.ReplicatedRedis;
import com.waybillguard.testsupport.RespClient;
import com.waybillguard.testsupport.TestInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wg.audit.replica-acks=1} (own profile, against a primary Redis with one replica that the test pauses): a
 * grant is answered only once the replica acknowledged its admission (the {@code GRANT_ISSUED} entry); with the
 * replica paused the grant is refused with 503 within the bound and no grant is handed out; once the replica goes
 * on, grants are issued again by themselves.
 */
@QuarkusTest
@TestProfile(ReplicaAckTest.WithAReplica.class)
class ReplicaAckTest {

    /** The longest a grant request may take while the replica does not answer: its 200 ms wait, inside the 2 s bound. */
    private static final Duration BOUND = Duration.ofSeconds(2);

    public static class WithAReplica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wg.audit.replica-acks", "1", "wg.audit.replica-ack-timeout", "200ms");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class),
                    new TestResourceEntry(PostgresRedisResource.class, Map.of("postgres", "false", "redis", "replicated")),
                    new TestResourceEntry(UpstreamStub.class));
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void aGrantWaitsForTheReplicaAndIsRefusedWithoutIt() {
        ReplicatedRedis pair = TestInfrastructure.replicatedRedis();
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub);

        // the replica answers: the grant is issued, and its GRANT_ISSUED is on the replica when the answer comes (the
        // script is sent again after NOSCRIPT, here inside the batch with WAIT)
        redis.execute("SCRIPT", "FLUSH");
        GrantResourceTest.requestGrant(clerk, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        try (RespClient replica = RespClient.connect(pair.replica().url())) {
            assertTrue(String.valueOf(replica.call("XRANGE", "{wg}:audit:events", "-", "+")).contains(sub),
                    "the grant's entry reached the replica");
        }

        pair.pauseReplica();
        try {
            long start = System.nanoTime();
            Response refused = GrantResourceTest.requestGrant(clerk, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY");
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(503, refused.statusCode(), refused.asString());
            assertEquals(GrantResourceTest.PROBLEMS + "service-unavailable", refused.jsonPath().getString("type"));
            assertEquals("application/problem+json", refused.contentType());
            assertEquals("1", refused.header("Retry-After"));
            assertFalse(refused.asString().contains("\"grant\""), "no grant handed out: " + refused.asString());
            assertTrue(millis >= 190, "it waited for the replica: " + millis + " ms");
            assertTrue(millis < BOUND.toMillis(), "answered in " + millis + " ms");
        } finally {
            pair.resumeReplica();
        }
        // the refused grant's event is on the primary (the admission ran): the trail shows more than was handed out,
        // never less
        List<JsonNode> issued = AuditStream.eventsOf(sub).stream()
                .filter(e -> "GRANT_ISSUED".equals(e.path("action").asText())).toList();
        assertEquals(2, issued.size());

        // the replica catches up by itself: grants are issued again, without a restart or a setting changed
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                GrantResourceTest.requestGrant(clerk, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY")
                        .then().statusCode(201));
    }
}
