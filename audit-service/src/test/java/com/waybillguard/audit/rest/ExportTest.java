package com.waybillguard.audit.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.audit.domain.ChainHash;
import com.waybillguard.testsupport.PostgresRedisResource;
import com.waybillguard.testsupport.TestInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.event;
import static com.waybillguard.audit.AuditTestSupport.uniqueWaybillNo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export is what an outside party verifies without the service: its events re-hash to their stored links, its
 * checkpoints verify with the keys it names, and an event edited in the database shows as a hash that no longer
 * matches.
 */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class ExportTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RedisDataSource redis;


    @Test
    void anExportVerifiesOfflineAndShowsAnEditedEvent() throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String waybillNo = uniqueWaybillNo();
            redis.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(event(UUID.randomUUID().toString(),
                    Instant.now(), "WAYBILL_READ", "sub-export", "clerk.export", "HD-YN", waybillNo, "ALLOW")));
            await().atMost(WAIT).until(() -> !seqOf(waybillNo).isEmpty());
            seqs.add(Long.parseLong(seqOf(waybillNo)));
        }
        given().auth().oauth2(auditor()).post("/api/v1/audit/checkpoints").then().statusCode(201);
        long from = seqs.get(0);
        long to = seqs.get(2);

        List<JsonNode> lines = export(from, to);
        JsonNode header = lines.get(0);
        assertEquals("export", header.get("type").asText());
        assertEquals("wg-audit-export-v1", header.get("format").asText());
        assertEquals(from, header.get("fromSeq").asLong());
        Map<String, PublicKey> keys = new HashMap<>();
        for (JsonNode key : header.get("keys")) {
            keys.put(key.get("keyId").asText(), KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.get("spki").asText()))));
        }

        List<JsonNode> events = lines.stream().filter(l -> "event".equals(l.get("type").asText())).toList();
        assertEquals(to - from + 1, events.size(), "every event of the range, in seq order");
        String prev = null;
        for (JsonNode e : events) {
            assertEquals(e.get("hash").asText(), ChainHash.next(e.get("prevHash").asText(), e.get("canonical").asText()),
                    "event " + e.get("seq") + " re-hashes to its stored hash");
            if (prev != null) {
                assertEquals(prev, e.get("prevHash").asText(), "linked to the event before it");
            }
            prev = e.get("hash").asText();
        }
        List<JsonNode> checkpoints = lines.stream().filter(l -> "checkpoint".equals(l.get("type").asText())).toList();
        assertTrue(!checkpoints.isEmpty(), "the export carries the checkpoints a verifier needs");
        for (JsonNode c : checkpoints) {
            String text = "wg-checkpoint-v2|" + c.get("seq").asLong() + "|" + c.get("hash").asText() + "|"
                    + c.get("createdAt").asText() + "|" + c.get("prevDigest").asText();
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(keys.get(c.get("keyId").asText()));
            ed25519.update(text.getBytes(StandardCharsets.UTF_8));
            assertTrue(ed25519.verify(Base64.getDecoder().decode(c.get("signature").asText())), "checkpoint " + c.get("id"));
        }

        long edited = seqs.get(1);
        sql("UPDATE audit_event SET actor_username = 'someone.else' WHERE seq = ?", edited);
        try {
            JsonNode line = export(edited, edited).stream().filter(l -> "event".equals(l.get("type").asText())).findFirst().orElseThrow();
            assertNotEquals(line.get("hash").asText(), ChainHash.next(line.get("prevHash").asText(), line.get("canonical").asText()),
                    "the edited event no longer re-hashes offline");
        } finally {
            sql("UPDATE audit_event SET actor_username = 'clerk.export' WHERE seq = ?", edited);
        }
    }

    @Test
    void aRangeBeyondTheChainIsAProblem() {
        given().auth().oauth2(auditor()).queryParam("fromSeq", 1).queryParam("toSeq", Long.MAX_VALUE / 2)
                .when().get("/api/v1/audit/export")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private List<JsonNode> export(long from, long to) throws Exception {
        Response response = given().auth().oauth2(auditor()).queryParam("fromSeq", from).queryParam("toSeq", to)
                .when().get("/api/v1/audit/export");
        response.then().statusCode(200).contentType("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.asString().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private String seqOf(String waybillNo) {
        List<Object> seqs = given().auth().oauth2(auditor()).queryParam("waybillNo", waybillNo)
                .when().get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath().getList("items.seq");
        return seqs.isEmpty() ? "" : String.valueOf(seqs.get(0));
    }

    private void sql(String statement, long seq) throws Exception {
        try (Connection c = TestInfrastructure.superuser("audit"); PreparedStatement s = c.prepareStatement(statement)) {
            s.setLong(1, seq);
            assertEquals(1, s.executeUpdate());
        }
    }
}
