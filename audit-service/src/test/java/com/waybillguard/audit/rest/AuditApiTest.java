package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.audit.domain.JwkThumbprint;
import com.waybillguard.testsupport.PostgresRedisResource;
import com.waybillguard.testsupport.TestInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.event;
import static com.waybillguard.audit.AuditTestSupport.token;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static com.waybillguard.audit.AuditTestSupport.uniqueWaybillNo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class AuditApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    RedisDataSource redis;


    // the management interface (its own random port in tests); its base URL already ends in /q
    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/metrics", management = true)
    URL prometheus;

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    private StreamCommands<String, String, String> streams() {
        return redis.stream(String.class);
    }

    private String xadd(String eventJson) {
        return streams().xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(eventJson));
    }

    private JsonPath events(Map<String, ?> query) {
        return given().auth().oauth2(auditor()).queryParams(query)
                .when().get("/api/v1/audit/events")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    private long pending() {
        return streams().xpending(AuditTestSupport.STREAM, AuditTestSupport.GROUP).getPendingCount();
    }

    @Test
    void eventsAppearExactlyOnceEvenWhenAddedTwice() {
        String waybillNo = uniqueWaybillNo();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        Instant now = Instant.now();
        String firstJson = event(first, now, "WAYBILL_READ", "sub-a", "clerk.jize", "HD-JZ", waybillNo, "ALLOW");
        xadd(firstJson);
        xadd(firstJson);
        xadd(event(second, now.plusMillis(1), "WAYBILL_READ", "sub-a", "clerk.jize", "HD-JZ", waybillNo, "ALLOW"));

        await().atMost(WAIT).untilAsserted(() -> {
            List<String> ids = events(Map.of("waybillNo", waybillNo)).getList("items.eventId");
            assertTrue(ids.contains(second), "second event not stored yet");
            assertEquals(0, pending(), "entries still pending");
        });
        JsonPath page = events(Map.of("waybillNo", waybillNo));
        assertEquals(List.of(second, first), page.getList("items.eventId"));
        assertEquals("HD-JZ", page.getString("items[0].actor.outletId"));
        assertEquals("MASKED", page.getString("items[0].disclosure.'sender.name'"));
        assertEquals(64, page.getString("items[0].hash").length());
        assertEquals(page.getString("items[1].hash"), page.getString("items[0].prevHash"));
        assertEquals(page.getLong("items[1].seq") + 1, page.getLong("items[0].seq"));
    }

    @Test
    void chainVerifiesAndAnUpdatedColumnIsFound() throws Exception {
        String waybillNo = uniqueWaybillNo();
        String id = UUID.randomUUID().toString();
        xadd(event(id, Instant.now(), "WAYBILL_READ", "sub-t", "clerk.tamper", "HD-YN", waybillNo, "ALLOW"));
        await().atMost(WAIT).until(() -> events(Map.of("waybillNo", waybillNo)).getList("items").size() == 1);
        long seq = events(Map.of("waybillNo", waybillNo)).getLong("items[0].seq");

        JsonPath before = verify(Map.of());
        assertTrue(before.getBoolean("valid"), "chain should be valid before tampering: " + before.prettify());
        assertTrue(before.getLong("checked") > 0 && before.getLong("checked") <= before.getLong("headSeq"), before.prettify());
        assertEquals(64, before.getString("head").length());

        try {
            execute("UPDATE audit_event SET actor_username = 'someone.else' WHERE seq = ?", seq);
            JsonPath after = verify(Map.of());
            assertEquals(false, after.getBoolean("valid"));
            assertEquals(seq, after.getLong("firstBrokenSeq"));
            JsonPath ranged = verify(Map.of("fromSeq", seq, "toSeq", seq));
            assertEquals(seq, ranged.getLong("firstBrokenSeq"));
        } finally {
            execute("UPDATE audit_event SET actor_username = 'clerk.tamper' WHERE seq = ?", seq);
        }
        try {
            execute("UPDATE audit_event SET disclosure = '{\"sender.name\": \"FULL\"}'::jsonb WHERE seq = ?", seq);
            assertEquals(seq, verify(Map.of()).getLong("firstBrokenSeq"));
        } finally {
            execute("UPDATE audit_event SET disclosure = '{\"sender.name\": \"MASKED\", \"sender.phone\": \"MASKED\", "
                    + "\"sender.address.detail\": \"HIDDEN\"}'::jsonb WHERE seq = ?", seq);
        }
        try {
            execute("UPDATE audit_event SET prev_hash = hash WHERE seq = ?", seq);
            assertEquals(seq, verify(Map.of()).getLong("firstBrokenSeq"), "a rewritten link is found");
        } finally {
            execute("UPDATE audit_event e SET prev_hash = p.hash FROM audit_event p WHERE p.seq = e.seq - 1 AND e.seq = ?", seq);
        }
        JsonPath restored = verify(Map.of());
        assertTrue(restored.getBoolean("valid"), restored.prettify());
    }

    @Test
    void aDeletedEventIsFound() throws Exception {
        String waybillNo = uniqueWaybillNo();
        String id = UUID.randomUUID().toString();
        xadd(event(id, Instant.now(), "WAYBILL_READ", "sub-d", "clerk.delete", "HD-YN", waybillNo, "ALLOW"));
        await().atMost(WAIT).until(() -> events(Map.of("waybillNo", waybillNo)).getList("items").size() == 1);
        long seq = events(Map.of("waybillNo", waybillNo)).getLong("items[0].seq");
        String backup = "audit_event_backup_" + seq;
        try {
            execute("CREATE TABLE " + backup + " AS SELECT * FROM audit_event WHERE seq = ?", seq);
            execute("DELETE FROM audit_event WHERE seq = ?", seq);
            JsonPath result = verify(Map.of("fromSeq", Math.max(1, seq - 1)));
            assertEquals(false, result.getBoolean("valid"));
            assertEquals(seq, result.getLong("firstBrokenSeq"));
        } finally {
            execute("INSERT INTO audit_event SELECT * FROM " + backup + " WHERE seq = ?", seq);
            try (Connection connection = TestInfrastructure.superuser("audit"); PreparedStatement drop = connection.prepareStatement("DROP TABLE " + backup)) {
                drop.executeUpdate();
            }
        }
        assertTrue(verify(Map.of()).getBoolean("valid"));
    }

    private JsonPath verify(Map<String, ?> query) {
        return given().auth().oauth2(auditor()).queryParams(query)
                .when().get("/api/v1/audit/verify")
                .then().statusCode(200).extract().jsonPath();
    }

    private void execute(String sql, long seq) throws Exception {
        try (Connection connection = TestInfrastructure.superuser("audit"); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, seq);
            assertEquals(1, statement.executeUpdate());
        }
    }

    @Test
    void manyEventsFromConcurrentConsumersFormOneValidChain() {
        String sub = unique("sub-bulk");
        int count = 300;
        Instant start = Instant.now();
        for (int i = 0; i < count; i++) {
            xadd(event(UUID.randomUUID().toString(), start.plusMillis(i), "WAYBILL_READ", sub, "clerk.bulk", "HD-WA",
                    uniqueWaybillNo(), "ALLOW"));
        }
        // (300 reads in a second are above the clerk's sustained volume: the VOLUME alert is an event of the actor too)
        await().atMost(WAIT).until(() -> events(Map.of("actor", sub, "action", "WAYBILL_READ", "size", 500)).getList("items").size() == count);
        JsonPath result = verify(Map.of());
        assertTrue(result.getBoolean("valid"), result.prettify());
    }

    @Test
    void filtersAndPaging() {
        String sub = unique("sub-filter");
        String username = unique("clerk");
        String waybillNo = uniqueWaybillNo();
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            String action = i == 4 ? "WAYBILL_READ_REFUSED" : "WAYBILL_READ";
            String decision = i == 4 ? "DENY" : "ALLOW";
            String outlet = i % 2 == 0 ? "XT-LY" : "XT-SH";
            xadd(event(id, base.plusSeconds(i * 60L), action, sub, username, outlet, waybillNo, decision));
        }
        await().atMost(WAIT).until(() -> events(Map.of("actor", sub)).getList("items").size() == 5);

        JsonPath all = events(Map.of("actor", sub));
        assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), all.getList("items.eventId"));
        assertEquals(50, all.getInt("size"));
        assertEquals(false, all.getBoolean("hasMore"));

        assertEquals(5, events(Map.of("actor", username)).getList("items").size(), "actor matches the username too");

        JsonPath page0 = events(Map.of("actor", sub, "size", 2, "page", 0));
        assertEquals(List.of(ids.get(4), ids.get(3)), page0.getList("items.eventId"));
        assertTrue(page0.getBoolean("hasMore"));
        JsonPath page2 = events(Map.of("actor", sub, "size", 2, "page", 2));
        assertEquals(List.of(ids.get(0)), page2.getList("items.eventId"));
        assertEquals(false, page2.getBoolean("hasMore"));

        assertEquals(List.of(ids.get(4)), events(Map.of("actor", sub, "decision", "DENY")).getList("items.eventId"));
        assertEquals(List.of(ids.get(4)), events(Map.of("actor", sub, "action", "WAYBILL_READ_REFUSED")).getList("items.eventId"));
        assertEquals(List.of(ids.get(3), ids.get(1)), events(Map.of("actor", sub, "outletId", "XT-SH")).getList("items.eventId"));
        assertEquals(List.of(ids.get(2), ids.get(1)), events(Map.of("actor", sub,
                "from", base.plusSeconds(60).toString(), "to", base.plusSeconds(180).toString())).getList("items.eventId"));
        assertEquals(5, events(Map.of("waybillNo", waybillNo)).getList("items").size());
    }

    @Test
    void badParametersAreProblems() {
        given().auth().oauth2(auditor()).queryParam("size", 501)
                .when().get("/api/v1/audit/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://waybill-guard.example/problems/invalid-request"))
                .body("title", equalTo("Invalid request"))
                .body("status", equalTo(400))
                .body("detail", containsString("size"))
                .body(not(containsString("Exception")));
        given().auth().oauth2(auditor()).queryParam("from", "yesterday")
                .when().get("/api/v1/audit/events")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("from"));
        given().auth().oauth2(auditor()).queryParam("page", "-1")
                .when().get("/api/v1/audit/events")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(auditor()).queryParam("fromSeq", "x")
                .when().get("/api/v1/audit/verify")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }

    @Test
    void onlyAuditorsGetIn() {
        given().auth().oauth2(token("sub-clerk", "clerk.jize", "clerk"))
                .when().get("/api/v1/audit/events")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://waybill-guard.example/problems/forbidden"))
                .body("status", equalTo(403));
        given().auth().oauth2(token("sub-clerk", "clerk.jize", "clerk"))
                .when().post("/api/v1/accounts/sub-x/suspend")
                .then().statusCode(403).contentType("application/problem+json");
        given().when().get("/api/v1/audit/events")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://waybill-guard.example/problems/unauthorized"))
                .body("status", equalTo(401));
        String otherAudience = io.smallrye.jwt.build.Jwt.subject("sub-auditor-zhou").preferredUserName("auditor.zhou")
                .groups(java.util.Set.of("auditor")).issuer("https://server.example.com").audience("waybill-service").sign();
        given().auth().oauth2(otherAudience)
                .when().get("/api/v1/audit/events")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not-a-token")
                .when().get("/api/v1/audit/verify")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void suspendAndReinstateSetTheKeyAndAreAudited() {
        String target = unique("sub-rented");
        String key = "{wg}:account:suspended:" + target;
        given().auth().oauth2(auditor()).contentType(ContentType.JSON).body("{\"reason\":\"rented account\"}")
                .when().post("/api/v1/accounts/" + target + "/suspend")
                .then().statusCode(200)
                .body("sub", equalTo(target))
                .body("suspended", equalTo(true))
                .body("by", equalTo("auditor.zhou"));
        String value = redis.value(String.class).get(key);
        assertNotNull(value, "suspension key missing");
        JsonPath stored = JsonPath.from(value);
        assertEquals("rented account", stored.getString("reason"));
        assertEquals("auditor.zhou", stored.getString("by"));
        assertNotNull(Instant.parse(stored.getString("at")));

        given().auth().oauth2(auditor())
                .when().post("/api/v1/accounts/" + target + "/reinstate")
                .then().statusCode(200).body("suspended", equalTo(false));
        assertEquals(null, redis.value(String.class).get(key));

        await().atMost(WAIT).until(() -> events(Map.of("actor", "sub-auditor-zhou", "size", 500)).getList("items.targetSub")
                .stream().filter(target::equals).count() == 2);
        JsonPath audited = events(Map.of("actor", "auditor.zhou", "action", "ACCOUNT_SUSPENDED", "size", 500));
        int index = audited.getList("items.targetSub").indexOf(target);
        assertTrue(index >= 0);
        assertEquals("audit-service", audited.getString("items[" + index + "].source"));
        assertEquals("auditor", audited.getString("items[" + index + "].actor.role"));
        assertEquals("rented account", audited.getString("items[" + index + "].reason"));
        assertTrue(events(Map.of("action", "ACCOUNT_REINSTATED", "size", 500)).getList("items.targetSub").contains(target));
    }

    @Test
    void aSuspendedAuditorIsRefusedUntilReinstated() {
        String sub = unique("sub-auditor-rented");
        String suspended = token(sub, "auditor.rented", "auditor");
        given().auth().oauth2(suspended).when().get("/api/v1/audit/verify").then().statusCode(200);
        given().auth().oauth2(auditor()).when().post("/api/v1/accounts/" + sub + "/suspend").then().statusCode(200);

        given().auth().oauth2(suspended).queryParam("size", 0)
                .when().get("/api/v1/audit/events")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://waybill-guard.example/problems/account-suspended"))
                .body("title", equalTo("Account suspended"))
                .body("detail", not(containsString(sub)));
        given().auth().oauth2(suspended).when().post("/api/v1/accounts/" + sub + "/reinstate")
                .then().statusCode(403).body("type", equalTo("https://waybill-guard.example/problems/account-suspended"));

        given().auth().oauth2(auditor()).when().post("/api/v1/accounts/" + sub + "/reinstate").then().statusCode(200);
        given().auth().oauth2(suspended).when().get("/api/v1/audit/verify").then().statusCode(200);
    }

    @Test
    void malformedEntriesAreDeadLetteredAndIngestGoesOn() {
        String notJson = streams().xadd(AuditTestSupport.STREAM, AuditTestSupport.entry("{not json"));
        Map<String, String> withoutEvent = new java.util.HashMap<>(AuditTestSupport.entry(""));
        withoutEvent.remove("event");
        String noEvent = streams().xadd(AuditTestSupport.STREAM, withoutEvent);
        String badId = xadd(event("not-a-uuid", Instant.now(), "WAYBILL_READ", "s", "u", "HD-YN", uniqueWaybillNo(), "ALLOW"));
        String waybillNo = uniqueWaybillNo();
        String good = UUID.randomUUID().toString();
        xadd(event(good, Instant.now(), "WAYBILL_READ", "sub-good", "clerk.good", "HD-YN", waybillNo, "ALLOW"));

        await().atMost(WAIT).until(() -> events(Map.of("waybillNo", waybillNo)).getList("items.eventId").contains(good));
        await().atMost(WAIT).untilAsserted(() -> {
            List<StreamMessage<String, String, String>> dead = streams().xrange(AuditTestSupport.DEAD, StreamRange.of("-", "+"));
            List<String> sources = dead.stream().map(m -> m.payload().get("sourceId")).toList();
            assertTrue(sources.containsAll(List.of(notJson, noEvent, badId)), "dead letters: " + sources);
            StreamMessage<String, String, String> entry = dead.stream()
                    .filter(m -> badId.equals(m.payload().get("sourceId"))).findFirst().orElseThrow();
            assertEquals("eventId is not a UUID", entry.payload().get("error"));
        });
        await().atMost(WAIT).until(() -> pending() == 0);
    }

    @Test
    void entriesLeftPendingByACrashedConsumerAreClaimed() {
        String crashed = unique("crashed-consumer");
        String waybillNo = uniqueWaybillNo();
        String id = UUID.randomUUID().toString();
        String json = event(id, Instant.now(), "WAYBILL_READ", "sub-c", "clerk.c", "HD-YN", waybillNo, "ALLOW");
        // XADD and XREADGROUP in one MULTI: the "crashed" consumer receives the entry before any live
        // consumer can, and never acknowledges it.
        redis.withTransaction(tx -> {
            tx.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(json));
            tx.stream(String.class).xreadgroup(AuditTestSupport.GROUP, crashed, AuditTestSupport.STREAM, ">",
                    new io.quarkus.redis.datasource.stream.XReadGroupArgs().count(1));
        });
        assertEquals(1L, streams().xpending(AuditTestSupport.STREAM, AuditTestSupport.GROUP).getConsumers().get(crashed));

        await().atMost(WAIT).until(() -> events(Map.of("waybillNo", waybillNo)).getList("items.eventId").contains(id));
        await().atMost(WAIT).until(() -> streams().xpending(AuditTestSupport.STREAM, AuditTestSupport.GROUP)
                .getConsumers().getOrDefault(crashed, 0L) == 0L);
        await().atMost(WAIT).until(() -> pending() == 0);
    }

    @Test
    void ingestSurvivesARedisRestart() throws Exception {
        var server = com.waybillguard.testsupport.TestInfrastructure.redis();
        server.stop();
        server.restart();
        String waybillNo = uniqueWaybillNo();
        String id = UUID.randomUUID().toString();
        await().atMost(WAIT).ignoreExceptions().until(() -> xadd(
                event(id, Instant.now(), "WAYBILL_READ", "sub-r", "clerk.r", "HD-YN", waybillNo, "ALLOW")) != null);
        await().atMost(WAIT).until(() -> events(Map.of("waybillNo", waybillNo)).getList("items.eventId").contains(id));
    }

    @Test
    void checkpointsAreSignedWithThePublishedKey() throws Exception {
        JsonPath created = given().auth().oauth2(auditor())
                .when().post("/api/v1/audit/checkpoints")
                .then().statusCode(201).extract().jsonPath();
        JsonPath list = given().auth().oauth2(auditor())
                .when().get("/api/v1/audit/checkpoints")
                .then().statusCode(200).body("items", not(hasSize(0))).body("publicKey.algorithm", equalTo("Ed25519"))
                .extract().jsonPath();
        assertEquals(created.getLong("id"), list.getLong("items[0].id"));
        assertEquals(list.getString("publicKey.keyId"), created.getString("keyId"));
        assertEquals(JwkThumbprint.ofEd25519(Base64.getDecoder().decode(list.getString("publicKey.spki"))),
                created.getString("keyId"), "the key id is the key's RFC 7638 thumbprint");
        assertEquals(list.getString("publicKey.spki"), list.getString("keys[0].spki"));
        assertTrue(list.getBoolean("keys[0].current"));
        assertEquals(64, created.getString("prevDigest").length());
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(list.getString("publicKey.spki"))));
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(key);
        String payload = "wg-checkpoint-v2|" + created.getLong("seq") + "|" + created.getString("hash") + "|"
                + created.getString("createdAt") + "|" + created.getString("prevDigest");
        signature.update(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(signature.verify(Base64.getDecoder().decode(created.getString("signature"))));
    }

    @Test
    void operationsEndpoints() {
        String health = given().when().get(ready).then().statusCode(200).extract().asString();
        assertTrue(health.contains("PostgreSQL") && health.contains("Redis"), health);
        given().when().get(prometheus).then().statusCode(200)
                .body(containsString("wg_audit_events_ingested_total"))
                .body(containsString("wg_audit_stream_pending"))
                .body(containsString("wg_audit_ingest_lag_seconds"));
        given().when().get(openapi).then().statusCode(200).body(containsString("/api/v1/audit/verify"));
        assertTrue(ready.getPort() != io.restassured.RestAssured.port, "management port " + ready.getPort() + " is not the public port");
        for (String path : List.of("/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi")) {
            given().when().get(path).then().statusCode(404);
        }
        given().auth().oauth2(auditor()).when().get("/api/v1/audit/nothing-here")
                .then().statusCode(404).contentType("application/problem+json").body("detail", not(nullValue()));
        given().auth().oauth2(auditor()).when().delete("/api/v1/audit/events")
                .then().statusCode(405).contentType("application/problem+json")
                .body("type", equalTo("https://waybill-guard.example/problems/method-not-allowed"));
    }
}
