package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.audit.service.SuspensionReconciler;
import com.waybillguard.testsupport.PostgresRedisResource;
import com.waybillguard.testsupport.TestInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A suspension marker removed behind audit-service's back (raw Redis commands, as someone holding the operator's
 * password, or an expiry set with a service's) is put back from the audit trail, with a CRITICAL alert; a
 * reinstatement through the API is never undone.
 */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class SuspensionReconcileTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    RedisDataSource redis;

    @Inject
    SuspensionReconciler reconciler;

    @Test
    void aDeletedMarkerIsRestoredAndAlerted() {
        String sub = suspendedAndStored("sub-deleted-marker");
        redis.key().del(marker(sub));

        assertEquals(List.of(sub), reconcile());
        assertTrue(redis.key().exists(marker(sub)), "the marker is back");
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(auditor())
                .queryParam("rule", SuspensionReconciler.RULE)
                .get("/api/v1/audit/alerts")
                .then().statusCode(200)
                .body("items.actor.sub", hasItem(sub)));
        assertEquals(List.of(), reconcile(), "restored once");
    }

    @Test
    void aMarkerLetExpireIsRestored() throws InterruptedException {
        String sub = suspendedAndStored("sub-expired-marker");
        redis.value(String.class).set(marker(sub), "{}", new SetArgs().px(1));
        Thread.sleep(20);
        assertFalse(redis.key().exists(marker(sub)));

        assertEquals(List.of(sub), reconcile());
        assertTrue(redis.key().exists(marker(sub)));
    }

    @Test
    void aReinstatementIsNeverUndoneEvenBeforeItsEventIsStored() throws SQLException {
        String sub = suspendedAndStored("sub-reinstated");
        // ingest is held up: the chain head stays locked, so the reinstatement's event waits in the stream
        try (Connection held = TestInfrastructure.superuser("audit"); Statement s = held.createStatement()) {
            held.setAutoCommit(false);
            s.execute("SELECT * FROM audit_chain_head FOR UPDATE");
            given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"reason\":\"cleared\"}")
                    .post("/api/v1/accounts/" + sub + "/reinstate").then().statusCode(200);
            assertEquals(List.of(), reconcile(), "the round waits for ingest, then gives up");
            assertFalse(redis.key().exists(marker(sub)), "still reinstated");
            held.rollback();
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(auditor())
                .queryParam("action", "ACCOUNT_REINSTATED")
                .get("/api/v1/audit/events")
                .then().statusCode(200).body("items.targetSub", hasItem(sub)));
        assertFalse(reconcile().contains(sub));
        assertFalse(redis.key().exists(marker(sub)), "still reinstated");
    }

    @Test
    void aReinstatementForgedByAnotherServiceDoesNotLiftTheSuspension() {
        String sub = suspendedAndStored("sub-forged-reinstatement");
        // a producing service's key may sign an ACCOUNT_REINSTATED of its own; only audit-service's counts
        redis.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry("""
                        {"eventId":"%s","occurredAt":"%s","source":"waybill-service","action":"ACCOUNT_REINSTATED",
                         "actor":{"sub":"%s"},"targetSub":"%s","decision":"ALLOW"}""".formatted(
                        UUID.randomUUID(), Instant.now(), sub, sub)));
        redis.key().del(marker(sub));

        assertEquals(List.of(sub), reconcile());
    }

    private String suspendedAndStored(String prefix) {
        String sub = unique(prefix);
        given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"reason\":\"rented account\"}")
                .post("/api/v1/accounts/" + sub + "/suspend").then().statusCode(200).body("suspended", equalTo(true));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(auditor())
                .queryParam("action", "ACCOUNT_SUSPENDED")
                .get("/api/v1/audit/events")
                .then().statusCode(200).body("items.targetSub", hasItem(sub)));
        return sub;
    }

    private List<String> reconcile() {
        return reconciler.reconcile().await().atMost(WAIT);
    }

    private static String marker(String sub) {
        return "{wg}:account:suspended:" + sub;
    }
}
