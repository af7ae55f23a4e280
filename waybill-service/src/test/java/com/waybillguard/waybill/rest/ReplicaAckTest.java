package com.waybillguard.waybill.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.waybillguard.testsupport.PostgresRedisResource;
import com.waybillguard.testsupport.ReplicatedRedis;
import com.waybillguard.testsupport.RespClient;
import com.waybillguard.testsupport.TestInfrastructure;
import com.waybillguard.waybill.support.GrantBuilder;
import com.waybillguard.waybill.support.JwksTestServer;
import com.waybillguard.waybill.support.TestWaybills;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code wg.audit.replica-acks=1} (own profile, against a primary Redis with one replica that the test pauses): a read
 * answers only once the replica acknowledged its script (the read's audit entry, the grant's redemption); with the
 * replica paused it answers 503 within the bound and shows nothing, the grant is spent all the same, and once the
 * replica goes on reads work again by themselves.
 */
@QuarkusTest
@TestProfile(ReplicaAckTest.WithAReplica.class)
class ReplicaAckTest {

    /** The longest a read may take while the replica does not answer: its 200 ms wait, well inside the 2 s bound. */
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
            return List.of(new TestResourceEntry(PostgresRedisResource.class,
                            Map.of("database", "waybill_test", "redis", "replicated")),
                    new TestResourceEntry(OidcWiremockTestResource.class),
                    new TestResourceEntry(JwksTestServer.class));
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void aReadWaitsForTheReplicaAndFailsClosedWithoutIt() {
        ReplicatedRedis pair = TestInfrastructure.replicatedRedis();
        String waybill = HoneytokenTest.create(false);
        String sub = HoneytokenTest.sub("clerk-replica");

        // the replica answers: the read is served, and its entry is on the replica when the answer comes (the script
        // is sent again after NOSCRIPT, here inside the batch with WAIT)
        redis.execute("SCRIPT", "FLUSH");
        GrantBuilder first = HoneytokenTest.grant(sub, waybill, "HD-JZ");
        HoneytokenTest.read(sub, "HD-JZ", waybill, first.sign()).statusCode(200).body("view", equalTo("COUNTER_INQUIRY"));
        try (RespClient replica = RespClient.connect(pair.replica().url())) {
            assertTrue(String.valueOf(replica.call("XRANGE", TestWaybills.STREAM, "-", "+")).contains(first.jti()),
                    "the read's entry reached the replica");
            assertEquals(1L, replica.call("EXISTS", HoneytokenTest.JTI + first.jti()), "so did the redemption");
        }

        GrantBuilder second = HoneytokenTest.grant(sub, waybill, "HD-JZ");
        String signed = second.sign();
        pair.pauseReplica();
        try {
            long start = System.nanoTime();
            ExtractableResponse<Response> refused = HoneytokenTest.read(sub, "HD-JZ", waybill, signed).extract();
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(503, refused.statusCode(), refused.asString());
            assertEquals(HoneytokenTest.PROBLEMS + "service-unavailable", refused.jsonPath().getString("type"));
            assertEquals("application/problem+json", refused.contentType());
            assertTrue(millis >= 190, "it waited for the replica: " + millis + " ms");
            assertTrue(millis < BOUND.toMillis(), "answered in " + millis + " ms");
            String body = refused.asString();
            TestWaybills.noPersonalData().forEach((what, value) -> assertFalse(body.contains(value), what + " in " + body));
            assertFalse(body.contains("\"view\""), body);

            // the grant was spent on the primary (fail closed): a second try is a replay, not a read
            HoneytokenTest.read(sub, "HD-JZ", waybill, signed).statusCode(403)
                    .body("type", equalTo(HoneytokenTest.PROBLEMS + "grant-replayed"));
            // the trail says so: the read's event, then its refusal for the same grant
            List<String> actions = HoneytokenTest.eventsOf(redis, sub).stream()
                    .filter(e -> second.jti().equals(e.path("grantId").asText()))
                    .map(e -> e.path("action").asText() + "/" + e.path("reason").asText(""))
                    .toList();
            assertEquals("WAYBILL_READ/", actions.get(0), actions.toString());
            assertTrue(actions.contains("WAYBILL_READ_REFUSED/service-unavailable"), actions.toString());
        } finally {
            pair.resumeReplica();
        }

        // the replica catches up by itself: reads are served again, without a restart or a setting changed
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                HoneytokenTest.read(sub, "HD-JZ", waybill, HoneytokenTest.grant(sub, waybill, "HD-JZ").sign())
                        .statusCode(200));
    }

    @Test
    void withoutAnyWriteARefusalIsNotHeldUpByTheReplica() {
        // the suspension check and the replay check write nothing: answered as they are, replica or not
        ReplicatedRedis pair = TestInfrastructure.replicatedRedis();
        String waybill = HoneytokenTest.create(false);
        String sub = HoneytokenTest.sub("clerk-replica-suspended");
        redis.value(String.class).set(HoneytokenTest.SUSPENDED + sub, "{\"reason\":\"test\",\"by\":\"t\",\"at\":\"now\"}");
        pair.pauseReplica();
        try {
            HoneytokenTest.read(sub, "HD-JZ", waybill, HoneytokenTest.grant(sub, waybill, "HD-JZ").sign())
                    .statusCode(403).body("type", equalTo(HoneytokenTest.PROBLEMS + "account-suspended"));
        } finally {
            pair.resumeReplica();
            redis.key().del(HoneytokenTest.SUSPENDED + sub);
        }
    }
}
