package com.waybillguard.waybill.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.waybillguard.testsupport.PostgresRedisResource;
import com.waybillguard.waybill.support.GrantBuilder;
import com.waybillguard.waybill.support.JwksTestServer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * waybill-service against a Redis in cluster mode (own profile: a node holding all 16384 slots, which refuses keys of
 * two slots in one command or script with {@code CROSSSLOT}, as a Redis Cluster does): the read script runs with
 * exactly the keys the read path computes (the reader's suspension marker, the grant's redemption record, the audit
 * stream), for a plain read, a replay and a canary read that suspends the reader.
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
            return List.of(new TestResourceEntry(PostgresRedisResource.class,
                            Map.of("database", "waybill_test", "redis", "cluster")),
                    new TestResourceEntry(OidcWiremockTestResource.class),
                    new TestResourceEntry(JwksTestServer.class));
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void theServicesRedisIsAClusterNodeThatRefusesKeysOfTwoSlots() {
        assertTrue(redis.execute("INFO", "cluster").toString().contains("cluster_enabled:1"), "Redis in cluster mode");
        RuntimeException crossSlot = assertThrows(RuntimeException.class,
                () -> redis.execute("EVAL", "return 1", "2", "{wg}:a", "wg:b"));
        assertTrue(crossSlot.getMessage().contains("CROSSSLOT"), crossSlot.getMessage());
    }

    @Test
    void aReadIsRedeemedAndAuditedInOneSlot() {
        String waybill = HoneytokenTest.create(false);
        String sub = HoneytokenTest.sub("clerk-cluster");
        GrantBuilder grant = HoneytokenTest.grant(sub, waybill, "HD-JZ");
        String signed = grant.sign();
        HoneytokenTest.read(sub, "HD-JZ", waybill, signed).statusCode(200).body("view", equalTo("COUNTER_INQUIRY"));
        assertTrue(redis.key().exists(HoneytokenTest.JTI + grant.jti()), "the grant was redeemed");
        HoneytokenTest.read(sub, "HD-JZ", waybill, signed).statusCode(403)
                .body("type", equalTo(HoneytokenTest.PROBLEMS + "grant-replayed"));

        List<JsonNode> events = HoneytokenTest.eventsOf(redis, sub);
        assertEquals(1, events.stream().filter(e -> "WAYBILL_READ".equals(e.path("action").asText())).count());
    }

    @Test
    void aCanaryReadSuspendsTheReaderInTheSameSlot() {
        String canary = HoneytokenTest.create(true);
        String sub = HoneytokenTest.sub("clerk-cluster-canary");
        HoneytokenTest.read(sub, "HD-JZ", canary, HoneytokenTest.grant(sub, canary, "HD-JZ").sign()).statusCode(200);
        assertNotNull(redis.value(String.class).get(HoneytokenTest.SUSPENDED + sub), "suspended by the read script");
        List<JsonNode> events = HoneytokenTest.eventsOf(redis, sub);
        HoneytokenTest.only(events, "ALERT_RAISED");
        HoneytokenTest.only(events, "ACCOUNT_SUSPENDED");
    }
}
