package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.audit.service.SuspensionReconciler;
import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static com.waybillguard.audit.AuditTestSupport.uniqueWaybillNo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * audit-service against a Redis in cluster mode (a node holding all 16384 slots, which refuses keys of two slots in
 * one command, transaction or script with {@code CROSSSLOT}, as a Redis Cluster does): the detection scripts (one
 * record call for a batch of two accounts' reads, then the raise script with the marker and the stream), the
 * suspension and reinstatement transactions (with the one {@code DEL} of every detection key) and the
 * reconciliation's restore script run with exactly the keys audit-service computes.
 */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = {
        @ResourceArg(name = "database", value = "audit"), @ResourceArg(name = "redis", value = "cluster")})
@WithTestResource(OidcWiremockTestResource.class)
class ClusterKeyLayoutTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    RedisDataSource redis;

    @Inject
    SuspensionReconciler reconciler;

    @Test
    void theServicesRedisIsAClusterNodeThatRefusesKeysOfTwoSlots() {
        assertTrue(redis.execute("INFO", "cluster").toString().contains("cluster_enabled:1"), "Redis in cluster mode");
        RuntimeException crossSlot = assertThrows(RuntimeException.class,
                () -> redis.execute("EVAL", "return 1", "2", "{wg}:a", "wg:b"));
        assertTrue(crossSlot.getMessage().contains("CROSSSLOT"), crossSlot.getMessage());
    }

    @Test
    void detectionSuspensionReinstatementAndReconciliationRunInOneSlot() {
        String prober = unique("sub-cluster-prober");
        String neighbour = unique("sub-cluster-neighbour");
        // eleven TRACKING-only reads of one clerk trip SCOPE_PROBING (enforce); five of a second account in the same
        // batch (not enough to trip) put its keys into the same record call
        Instant t0 = Instant.now().minusSeconds(120);
        List<String> reads = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            reads.add(trackingRead(prober, t0.plusSeconds(i)));
            if (i < 5) {
                reads.add(trackingRead(neighbour, t0.plusSeconds(i)));
            }
        }
        redis.withTransaction(tx -> reads.forEach(json -> tx.stream(String.class)
                .xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(json))));

        await().atMost(WAIT).until(() -> redis.key().exists(marker(prober)));
        assertTrue(redis.value(String.class).get(marker(prober)).contains("SCOPE_PROBING"));
        assertTrue(redis.key().exists("{wg}:detect:" + neighbour + ":scope-probing:reads"), "the neighbour's window");

        // reinstatement: one DEL of every detection key of the account, then DEL marker + XADD in one transaction
        given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"reason\":\"reviewed\"}")
                .post("/api/v1/accounts/" + prober + "/reinstate").then().statusCode(200)
                .body("suspended", equalTo(false));
        assertFalse(redis.key().exists(marker(prober)));
        assertFalse(redis.key().exists("{wg}:detect:" + prober + ":scope-probing:reads"));

        // suspension: SET marker + XADD in one transaction; then the marker goes behind audit-service's back and the
        // reconciliation's script puts it back with its alert
        given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"reason\":\"rented account\"}")
                .post("/api/v1/accounts/" + neighbour + "/suspend").then().statusCode(200)
                .body("suspended", equalTo(true));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(auditor())
                .queryParam("action", "ACCOUNT_SUSPENDED").queryParam("actor", "sub-auditor-zhou")
                .get("/api/v1/audit/events")
                .then().statusCode(200).body("items.targetSub", hasItem(neighbour)));
        redis.key().del(marker(neighbour));
        List<String> restored = reconciler.reconcile().await().atMost(WAIT);
        assertTrue(restored.contains(neighbour), "restored: " + restored);
        assertNotNull(redis.value(String.class).get(marker(neighbour)));
    }

    private static String marker(String sub) {
        return "{wg}:account:suspended:" + sub;
    }

    /** A TRACKING-only read of a clerk of an always-open outlet, as waybill-service appends it. */
    private static String trackingRead(String sub, Instant at) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"occurredAt\":\"" + at + "\",\"source\":\"waybill-service\","
                + "\"action\":\"WAYBILL_READ\",\"actor\":{\"sub\":\"" + sub + "\",\"username\":\"" + sub + ".name\","
                + "\"role\":\"clerk\",\"outletId\":\"HD-YN\"},\"deviceId\":\"dev-12345678\",\"clientIp\":\"10.1.2.3\","
                + "\"waybillNo\":\"" + uniqueWaybillNo() + "\",\"purpose\":\"COUNTER_INQUIRY\",\"view\":\"TRACKING\","
                + "\"decision\":\"ALLOW\"}";
    }
}
