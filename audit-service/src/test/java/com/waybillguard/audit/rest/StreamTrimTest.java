package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.audit.service.StreamTrimmer;
import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.event;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static com.waybillguard.audit.AuditTestSupport.uniqueWaybillNo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trimming the stream of acknowledged entries, never of pending ones. */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class StreamTrimTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    RedisDataSource redis;

    @Inject
    StreamTrimmer trimmer;

    private StreamCommands<String, String, String> streams() {
        return redis.stream(String.class);
    }

    private long pendingCount() {
        return streams().xpending(AuditTestSupport.STREAM, AuditTestSupport.GROUP).getPendingCount();
    }

    @Test
    void acknowledgedEntriesAreTrimmedAndPendingOnesKept() {
        String sub = unique("sub-trim");
        Instant now = Instant.now();
        for (int i = 0; i < 30; i++) {
            streams().xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(
                    event(UUID.randomUUID().toString(), now.plusMillis(i), "WAYBILL_READ", sub, "clerk.trim", "HD-YN", uniqueWaybillNo(), "ALLOW")));
        }
        await().atMost(WAIT).until(() -> stored(sub) == 30 && pendingCount() == 0);
        assertTrue(streams().xlen(AuditTestSupport.STREAM) >= 30);

        // One entry delivered to a consumer that never acknowledges it (XADD and its XREADGROUP in one
        // MULTI, so no live consumer gets it); it is claimed only after claim-min-idle (2 s).
        String stuck = unique("stuck-consumer");
        redis.withTransaction(tx -> {
            tx.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(
                    event(UUID.randomUUID().toString(), Instant.now(), "WAYBILL_READ", sub, "clerk.trim", "HD-YN", uniqueWaybillNo(), "ALLOW")));
            tx.stream(String.class).xreadgroup(AuditTestSupport.GROUP, stuck, AuditTestSupport.STREAM, ">", new XReadGroupArgs().count(1));
        });
        String pendingId = streams().xpending(AuditTestSupport.STREAM, AuditTestSupport.GROUP).getLowestId();
        trimmer.trim().await().atMost(Duration.ofSeconds(5));

        List<StreamMessage<String, String, String>> left = streams().xrange(AuditTestSupport.STREAM, StreamRange.of("-", "+"));
        assertTrue(left.stream().anyMatch(m -> m.id().equals(pendingId)), "the pending entry is kept: " + left);
        assertTrue(left.stream().allMatch(m -> compare(m.id(), pendingId) >= 0),
                "only the pending entry and later ones are left: " + left.stream().map(StreamMessage::id).toList());
        assertTrue(left.size() <= 3, "about only unacknowledged entries left: " + left.size());

        // once claimed, stored and acknowledged, it goes too
        await().atMost(WAIT).until(() -> stored(sub) == 31 && pendingCount() == 0);
        trimmer.trim().await().atMost(Duration.ofSeconds(5));
        assertEquals(0L, streams().xlen(AuditTestSupport.STREAM));
    }

    private static int stored(String sub) {
        return given().auth().oauth2(auditor()).queryParams(Map.of("actor", sub, "size", 500))
                .when().get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath().getList("items").size();
    }

    private static int compare(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int byMs = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return byMs != 0 ? byMs : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }
}
