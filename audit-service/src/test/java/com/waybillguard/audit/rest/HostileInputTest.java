package com.waybillguard.audit.rest;

import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile query parameters, paths and bodies straight at audit-service, as a compromised pod (or an auditor's stolen
 * token) would send them: negative, huge and malformed paging, dates out of any calendar's range, look-alike digits,
 * control characters, injection strings and traversals. Each is a 400 RFC 9457 problem naming nothing internal;
 * injection strings that are valid text are searched for as text, and find nothing; nothing changes.
 */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class HostileInputTest {

    private static final String EVENTS = "/api/v1/audit/events";

    @Inject
    RedisDataSource redis;

    private record Case(String path, Map<String, String> query) {
    }

    @Test
    void malformedOrOutOfRangeParametersAreProblems() {
        List<Case> cases = new ArrayList<>();
        for (String page : List.of("-1", "abc", "1e3", "99999999999999999999", "١", "0x10")) {
            cases.add(new Case(EVENTS, Map.of("page", page)));
        }
        for (String size : List.of("0", "-5", "501", "1000000", "9223372036854775808", "ten")) {
            cases.add(new Case(EVENTS, Map.of("size", size)));
            cases.add(new Case("/api/v1/audit/alerts", Map.of("size", size)));
            cases.add(new Case("/api/v1/audit/checkpoints", Map.of("size", size)));
        }
        for (String instant : List.of("yesterday", "2026-13-45T00:00:00Z", "+999999999-12-31T23:59:59Z",
                "-999999999-01-01T00:00:00Z", "+294277-01-01T00:00:00Z", "-4714-01-01T00:00:00Z",
                "2026-11-30T00:00:00Z' OR '1'='1", "２０２６-11-30T00:00:00Z", "2026-11-30")) {
            cases.add(new Case(EVENTS, Map.of("from", instant)));
            cases.add(new Case(EVENTS, Map.of("to", instant)));
        }
        cases.add(new Case(EVENTS, Map.of("action", "waybill_read")));
        cases.add(new Case(EVENTS, Map.of("action", "WAYBILL_READ; DROP TABLE audit_event")));
        cases.add(new Case(EVENTS, Map.of("decision", "MAYBE")));
        cases.add(new Case(EVENTS, Map.of("actor", "a".repeat(300))));
        cases.add(new Case(EVENTS, Map.of("actor", "clerk\u0000jize")));
        cases.add(new Case(EVENTS, Map.of("cursor", "2026-11-30T00:00:00Z_-1")));
        cases.add(new Case(EVENTS, Map.of("cursor", "../../etc/passwd")));
        cases.add(new Case(EVENTS, Map.of("cursor", "+999999999-12-31T23:59:59Z_5")));
        for (String path : List.of("/api/v1/audit/verify", "/api/v1/audit/export")) {
            cases.add(new Case(path, Map.of("fromSeq", "-1")));
            cases.add(new Case(path, Map.of("toSeq", "0")));
            cases.add(new Case(path, Map.of("fromSeq", "5", "toSeq", "1")));
            cases.add(new Case(path, Map.of("fromSeq", "9223372036854775808")));
            cases.add(new Case(path, Map.of("fromSeq", "1.5")));
        }
        cases.add(new Case("/api/v1/audit/alerts", Map.of("status", "DELETED")));
        cases.add(new Case("/api/v1/audit/alerts", Map.of("page", "-1")));
        cases.add(new Case("/api/v1/audit/actors/" + "a".repeat(300) + "/timeline", Map.of()));
        cases.add(new Case("/api/v1/audit/waybills/ＹＴ１２３４５６７８９０１２３/history", Map.of()));
        cases.add(new Case("/api/v1/audit/waybills/YT1234567890123%00/history", Map.of()));

        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Response response = given().auth().oauth2(auditor()).queryParams(c.query()).urlEncodingEnabled(true)
                    .get(c.path());
            String body = response.asString();
            if (response.statusCode() != 400 || !response.contentType().startsWith("application/problem+json")
                    || body.contains("Exception") || body.contains("\tat ") || body.contains("SQL")
                    || body.contains("org.") || body.contains("audit_event")) {
                wrong.add(c.path() + " " + c.query() + ": " + response.statusCode() + " " + body);
            }
        }
        assertTrue(wrong.isEmpty(), "not a clean 400:\n" + String.join("\n", wrong));
    }

    @Test
    void injectionStringsThatAreValidTextAreSearchedForAsText() {
        for (Map<String, String> query : List.of(Map.of("actor", "' OR '1'='1"), Map.of("actor", "%"),
                Map.of("actor", "*"), Map.of("outletId", "HD-YN' OR 1=1 --"), Map.of("actor", "{\"$ne\": null}"))) {
            given().auth().oauth2(auditor()).queryParams(query).get(EVENTS)
                    .then().statusCode(200).body("items.size()", equalTo(0));
        }
        given().auth().oauth2(auditor()).get("/api/v1/audit/actors/..%2F..%2Fadmin/timeline")
                .then().statusCode(200).body("items.size()", equalTo(0));
        given().auth().oauth2(auditor()).get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void anAccessTokenIssuedInTheFutureIsUnauthorized() {
        long now = System.currentTimeMillis() / 1000;
        String token = io.smallrye.jwt.build.Jwt.subject(unique("sub-future")).preferredUserName("auditor.future")
                .groups(java.util.Set.of("auditor")).issuer("https://server.example.com").audience("wg-gateway")
                .issuedAt(now + 3600).expiresAt(now + 7200).sign();
        given().auth().oauth2(token).get(EVENTS).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void hostileBodiesChangeNothing() {
        String target = unique("sub-hostile");
        // (no body, or the JSON null, is a suspension without a reason: the reason is optional)
        for (String body : List.of("{", "[]", "{\"reason\": 42}", "{\"reason\": \"" + "r".repeat(5000) + "\"}",
                "{\"reason\": \"x\\u0000y\"}", "[".repeat(10_000) + "]".repeat(10_000))) {
            Response response = given().auth().oauth2(auditor()).contentType("application/json").body(body)
                    .post("/api/v1/accounts/" + target + "/suspend");
            assertTrue(response.statusCode() == 400 && response.contentType().startsWith("application/problem+json")
                    && !response.asString().contains("Exception"), body.substring(0, Math.min(40, body.length()))
                    + ": " + response.statusCode() + " " + response.asString());
        }
        // the body is read as text whatever its declared type (an empty POST needs none), so a form is not JSON
        given().auth().oauth2(auditor()).contentType("text/plain").body("reason=x")
                .post("/api/v1/accounts/" + target + "/suspend").then().statusCode(400)
                .contentType("application/problem+json");
        assertNull(redis.value(String.class).get("{wg}:account:suspended:" + target), "nobody was suspended");
    }
}
