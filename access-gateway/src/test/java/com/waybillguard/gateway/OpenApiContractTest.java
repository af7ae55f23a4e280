package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.waybillguard.testsupport.TestInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document (served at {@code /q/openapi} on the management port) tells the truth: a table of
 * scenarios drives every operation into every status it can answer; each answer must be that status, declared
 * for that operation, a problem whose type is one of the examples the document gives for it, and carry the
 * headers the document says it always carries. Every status the document declares must be reached by a
 * scenario, except those in {@link #NOT_PROVOKED}.
 */
@QuarkusTest
class OpenApiContractTest {

    static final String PROBLEMS = GrantResourceTest.PROBLEMS;
    static final String PROBLEM_JSON = "application/problem+json";
    static final String WAYBILL = GrantResourceTest.WAYBILL;
    static final String READ = "/api/v1/waybills/{waybillNo}";
    static final String CREATE = "/api/v1/admin/waybills";
    static final String STATUS = "/api/v1/admin/waybills/{waybillNo}/status";
    static final String ASSIGNMENT = "/api/v1/admin/waybills/{waybillNo}/assignment";
    static final String OVERRIDE = "/api/v1/admin/quotas/accounts/{sub}";
    static final String NOT_JSON = "text/csv";

    /**
     * Declared statuses no scenario provokes. 500 {@code internal-error}: declared on every operation because an
     * unexpected failure (a bug) ends there, but there is no request that makes a correct gateway fail.
     */
    static final Set<String> NOT_PROVOKED = Set.of("500");

    /** One request, what it is meant to show, and the status it must answer with. */
    record Scenario(String method, String path, int status, String what, boolean redisDown, Supplier<Response> call) {
        String operation() {
            return method + " " + path;
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ObjectMapper json;

    WireMockServer upstream;

    @BeforeEach
    void stubs() {
        upstream = UpstreamStub.server();
        upstream.resetAll();
        breakers.resetAll();
    }

    @AfterEach
    void cleanUp() {
        upstream.resetAll();
        breakers.resetAll();
    }

    // ---- the table ----

    static List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>();
        String grants = "/api/v1/grants";
        Map<String, String> grantBody = Map.of("waybillNo", WAYBILL, "purpose", "COUNTER_INQUIRY");
        add(all, "POST", grants, 201, "a clerk asks for a purpose of the role",
                () -> GrantResourceTest.requestGrant(clerk(), WAYBILL, "COUNTER_INQUIRY"));
        add(all, "POST", grants, 400, "a malformed waybill number in the body",
                () -> GrantResourceTest.requestGrant(clerk(), "yt1", "COUNTER_INQUIRY"));
        add(all, "POST", grants, 400, "no X-Device-Id",
                () -> as(clerk()).contentType(ContentType.JSON).body(grantBody).post(grants));
        add(all, "POST", grants, 401, "no token",
                () -> given().header("X-Device-Id", Tokens.DEVICE).contentType(ContentType.JSON).body(grantBody).post(grants));
        add(all, "POST", grants, 403, "a purpose the role may not ask for",
                () -> GrantResourceTest.requestGrant(clerk(), WAYBILL, "DELIVERY"));
        add(all, "POST", grants, 403, "a suspended clerk", () -> suspended(Tokens::clerk,
                token -> GrantResourceTest.requestGrant(token, WAYBILL, "COUNTER_INQUIRY")));
        add(all, "POST", grants, 406, "Accept: text/csv",
                () -> as(clerk()).accept(NOT_JSON).header("X-Device-Id", Tokens.DEVICE).contentType(ContentType.JSON)
                        .body(grantBody).post(grants));
        add(all, "POST", grants, 415, "a text body",
                () -> as(clerk()).header("X-Device-Id", Tokens.DEVICE).contentType(ContentType.TEXT).body("x").post(grants));
        add(all, "POST", grants, 429, "an account whose minute quota is 0", () -> {
            String sub = Tokens.newSub();
            as(Tokens.admin(Tokens.newSub())).contentType(ContentType.JSON)
                    .body(Map.of("perMinute", 0, "perHour", 10, "perDay", 10))
                    .put("/api/v1/admin/quotas/accounts/" + sub).then().statusCode(200);
            return GrantResourceTest.requestGrant(Tokens.clerk(sub), WAYBILL, "COUNTER_INQUIRY");
        });
        redisDown(all, "POST", grants, () -> GrantResourceTest.requestGrant(clerk(), WAYBILL, "COUNTER_INQUIRY"));

        String quota = "/api/v1/quota";
        add(all, "GET", quota, 200, "any signed-in account", () -> as(clerk()).get(quota));
        add(all, "GET", quota, 401, "no token", () -> given().get(quota));
        add(all, "GET", quota, 403, "a suspended clerk", () -> suspended(Tokens::clerk, token -> as(token).get(quota)));
        add(all, "GET", quota, 406, "Accept: text/csv", () -> as(clerk()).accept(NOT_JSON).get(quota));
        redisDown(all, "GET", quota, () -> as(clerk()).get(quota));

        add(all, "PUT", OVERRIDE, 200, "an admin sets an override",
                () -> override(Tokens.admin(Tokens.newSub()), Tokens.newSub(), ContentType.JSON.toString(), null));
        add(all, "PUT", OVERRIDE, 400, "a negative limit", () -> as(Tokens.admin(Tokens.newSub()))
                .contentType(ContentType.JSON).body(Map.of("perMinute", -1, "perHour", 1, "perDay", 1))
                .put(overridePath(Tokens.newSub())));
        add(all, "PUT", OVERRIDE, 401, "no token", () -> given().contentType(ContentType.JSON)
                .body(Map.of("perMinute", 1, "perHour", 1, "perDay", 1)).put(overridePath(Tokens.newSub())));
        add(all, "PUT", OVERRIDE, 403, "a clerk", () -> override(clerk(), Tokens.newSub(), ContentType.JSON.toString(), null));
        add(all, "PUT", OVERRIDE, 403, "a suspended admin", () -> suspended(Tokens::admin,
                token -> override(token, Tokens.newSub(), ContentType.JSON.toString(), null)));
        add(all, "PUT", OVERRIDE, 406, "Accept: text/csv",
                () -> override(Tokens.admin(Tokens.newSub()), Tokens.newSub(), ContentType.JSON.toString(), NOT_JSON));
        add(all, "PUT", OVERRIDE, 415, "a text body", () -> as(Tokens.admin(Tokens.newSub())).contentType(ContentType.TEXT)
                .body("x").put(overridePath(Tokens.newSub())));
        redisDown(all, "PUT", OVERRIDE,
                () -> override(Tokens.admin(Tokens.newSub()), Tokens.newSub(), ContentType.JSON.toString(), null));

        add(all, "DELETE", OVERRIDE, 204, "an admin removes an override", () -> {
            String admin = Tokens.admin(Tokens.newSub());
            String sub = Tokens.newSub();
            override(admin, sub, ContentType.JSON.toString(), null).then().statusCode(200);
            return as(admin).delete(overridePath(sub));
        });
        add(all, "DELETE", OVERRIDE, 400, "a malformed account id",
                () -> as(Tokens.admin(Tokens.newSub())).delete(overridePath("bad!sub")));
        add(all, "DELETE", OVERRIDE, 401, "no token", () -> given().delete(overridePath(Tokens.newSub())));
        add(all, "DELETE", OVERRIDE, 403, "a clerk", () -> as(clerk()).delete(overridePath(Tokens.newSub())));
        add(all, "DELETE", OVERRIDE, 403, "a suspended admin",
                () -> suspended(Tokens::admin, token -> as(token).delete(overridePath(Tokens.newSub()))));
        add(all, "DELETE", OVERRIDE, 404, "an account without override",
                () -> as(Tokens.admin(Tokens.newSub())).delete(overridePath(Tokens.newSub())));
        redisDown(all, "DELETE", OVERRIDE, () -> as(Tokens.admin(Tokens.newSub())).delete(overridePath(Tokens.newSub())));

        String jwks = "/.well-known/jwks.json";
        add(all, "GET", jwks, 200, "anyone", () -> given().get(jwks));
        add(all, "GET", jwks, 406, "Accept: text/csv", () -> given().accept(NOT_JSON).get(jwks));

        String read = "/api/v1/waybills/" + WAYBILL;
        add(all, "GET", READ, 200, "waybill-service answers the view",
                () -> upstream(read, 200, null, () -> reader(clerk()).get(read)));
        add(all, "GET", READ, 400, "a malformed X-Device-Id",
                () -> as(clerk()).header("X-Device-Id", "short").header("X-Access-Grant", "g.g.g").get(read));
        add(all, "GET", READ, 400, "a malformed waybill number",
                () -> reader(clerk()).get("/api/v1/waybills/yt1"));
        add(all, "GET", READ, 401, "no grant",
                () -> as(clerk()).header("X-Device-Id", Tokens.DEVICE).get(read));
        add(all, "GET", READ, 401, "waybill-service finds the grant expired",
                () -> upstream(read, 401, "grant-expired", () -> reader(clerk()).get(read)));
        add(all, "GET", READ, 403, "waybill-service finds the grant used",
                () -> upstream(read, 403, "grant-replayed", () -> reader(clerk()).get(read)));
        add(all, "GET", READ, 403, "a suspended clerk (refused by the gateway)",
                () -> suspended(Tokens::clerk, token -> reader(token).get(read)));
        add(all, "GET", READ, 404, "waybill-service knows no such waybill",
                () -> upstream(read, 404, "waybill-not-found", () -> reader(clerk()).get(read)));
        add(all, "GET", READ, 406, "Accept: text/csv", () -> reader(clerk()).accept(NOT_JSON).get(read));
        upstreamFailures(all, "GET", READ, read, () -> reader(clerk()));

        String created = CREATE;
        add(all, "POST", CREATE, 201, "waybill-service created it",
                () -> upstream(created, 201, null, () -> admin().contentType(ContentType.JSON).body("{}").post(created)));
        add(all, "POST", CREATE, 400, "no body", () -> admin().contentType(ContentType.JSON).post(created));
        add(all, "POST", CREATE, 401, "no token", () -> given().contentType(ContentType.JSON).body("{}").post(created));
        add(all, "POST", CREATE, 403, "a clerk", () -> as(clerk()).contentType(ContentType.JSON).body("{}").post(created));
        add(all, "POST", CREATE, 403, "a suspended admin", () -> suspended(Tokens::admin,
                token -> as(token).contentType(ContentType.JSON).body("{}").post(created)));
        add(all, "POST", CREATE, 406, "Accept: text/csv",
                () -> admin().accept(NOT_JSON).contentType(ContentType.JSON).body("{}").post(created));
        add(all, "POST", CREATE, 409, "the number exists", () -> upstream(created, 409, "waybill-exists",
                () -> admin().contentType(ContentType.JSON).body("{}").post(created)));
        add(all, "POST", CREATE, 415, "a text body", () -> admin().contentType(ContentType.TEXT).body("x").post(created));
        upstreamFailures(all, "POST", CREATE, created, () -> admin().contentType(ContentType.JSON).body("{}"));

        waybillWrite(all, STATUS, "/api/v1/admin/waybills/" + WAYBILL + "/status", "illegal-status-transition");
        waybillWrite(all, ASSIGNMENT, "/api/v1/admin/waybills/" + WAYBILL + "/assignment", "concurrent-update");

        auditRead(all, "/api/v1/audit/events", "/api/v1/audit/events", "a filter audit-service refuses",
                () -> upstream("/api/v1/audit/events", 400, "invalid-request", () -> auditor().get("/api/v1/audit/events")));
        auditRead(all, "/api/v1/audit/actors/{actor}/timeline", "/api/v1/audit/actors/clerk.jize/timeline",
                "a malformed account id", () -> auditor().get("/api/v1/audit/actors/bad!actor/timeline"));
        auditRead(all, "/api/v1/audit/waybills/{waybillNo}/history", "/api/v1/audit/waybills/" + WAYBILL + "/history",
                "a malformed waybill number", () -> auditor().get("/api/v1/audit/waybills/yt1/history"));
        auditRead(all, "/api/v1/audit/verify", "/api/v1/audit/verify", "fromSeq after toSeq",
                () -> upstream("/api/v1/audit/verify", 400, "invalid-request", () -> auditor().get("/api/v1/audit/verify")));
        auditRead(all, "/api/v1/audit/export", "/api/v1/audit/export", "a range audit-service refuses",
                () -> upstream("/api/v1/audit/export", 400, "invalid-request", () -> auditor().get("/api/v1/audit/export")));
        auditRead(all, "/api/v1/audit/checkpoints", "/api/v1/audit/checkpoints", "a page audit-service refuses",
                () -> upstream("/api/v1/audit/checkpoints", 400, "invalid-request",
                        () -> auditor().get("/api/v1/audit/checkpoints")));

        auditRead(all, "/api/v1/audit/alerts", "/api/v1/audit/alerts", "a status audit-service refuses",
                () -> upstream("/api/v1/audit/alerts", 400, "invalid-request", () -> auditor().get("/api/v1/audit/alerts")));
        String resolveTemplate = "/api/v1/audit/alerts/{id}/resolve";
        String resolve = "/api/v1/audit/alerts/5b0c2f3e-8a51-4d7e-9c1b-2f3a4b5c6d7e/resolve";
        Supplier<RequestSpecification> comment = () -> auditor().contentType(ContentType.JSON).body("{\"comment\":\"ok\"}");
        add(all, "POST", resolveTemplate, 200, "audit-service resolved it",
                () -> upstream(resolve, 200, null, () -> comment.get().post(resolve)));
        add(all, "POST", resolveTemplate, 400, "a malformed alert id",
                () -> comment.get().post("/api/v1/audit/alerts/a-1/resolve"));
        add(all, "POST", resolveTemplate, 400, "no body", () -> auditor().contentType(ContentType.JSON).post(resolve));
        add(all, "POST", resolveTemplate, 404, "audit-service knows no such alert",
                () -> upstream(resolve, 404, "not-found", () -> comment.get().post(resolve)));
        add(all, "POST", resolveTemplate, 409, "the alert is already resolved",
                () -> upstream(resolve, 409, "alert-resolved", () -> comment.get().post(resolve)));
        add(all, "POST", resolveTemplate, 401, "no token", () -> given().contentType(ContentType.JSON).body("{}").post(resolve));
        add(all, "POST", resolveTemplate, 403, "a clerk", () -> as(clerk()).contentType(ContentType.JSON).body("{}").post(resolve));
        add(all, "POST", resolveTemplate, 403, "a suspended auditor", () -> suspended(Tokens::auditor,
                token -> as(token).contentType(ContentType.JSON).body("{\"comment\":\"ok\"}").post(resolve)));
        add(all, "POST", resolveTemplate, 406, "Accept: text/csv", () -> comment.get().accept(NOT_JSON).post(resolve));
        upstreamFailures(all, "POST", resolveTemplate, resolve, comment);

        String checkpoints = "/api/v1/audit/checkpoints";
        add(all, "POST", checkpoints, 201, "audit-service signed one",
                () -> upstream(checkpoints, 201, null, () -> auditor().post(checkpoints)));
        auditCommon(all, "POST", checkpoints, checkpoints, () -> given());

        for (String action : List.of("suspend", "reinstate")) {
            String template = "/api/v1/accounts/{sub}/" + action;
            String path = "/api/v1/accounts/acct-1/" + action;
            add(all, "POST", template, 200, "audit-service " + action + "s",
                    () -> upstream(path, 200, null, () -> auditor().contentType(ContentType.JSON)
                            .body("{\"reason\":\"review\"}").post(path)));
            add(all, "POST", template, 403, "an auditor names their own account", () -> {
                String self = Tokens.newSub();
                return as(Tokens.auditor(self)).contentType(ContentType.JSON).body("{\"reason\":\"x\"}")
                        .post("/api/v1/accounts/" + self + "/" + action);
            });
            add(all, "POST", template, 400, "a body that is not JSON",
                    () -> auditor().contentType(ContentType.JSON).body("{").post(path));
            auditCommon(all, "POST", template, path, () -> given());
        }
        return all;
    }

    static void add(List<Scenario> all, String method, String path, int status, String what, Supplier<Response> call) {
        all.add(new Scenario(method, path, status, what, false, call));
    }

    /** 503 while Redis is stopped (run together, with one stop and one restart). */
    static void redisDown(List<Scenario> all, String method, String path, Supplier<Response> call) {
        all.add(new Scenario(method, path, 503, "Redis is down", true, call));
    }

    /** 502, 503 and 504: the inner service answers 500, 503 or 504. */
    static void upstreamFailures(List<Scenario> all, String method, String template, String path,
                                 Supplier<RequestSpecification> request) {
        add(all, method, template, 502, "the inner service answers 500",
                () -> upstream(path, 500, null, () -> request.get().request(method, path)));
        add(all, method, template, 503, "the inner service answers 503",
                () -> upstream(path, 503, null, () -> request.get().request(method, path)));
        add(all, method, template, 504, "the inner service answers 504",
                () -> upstream(path, 504, null, () -> request.get().request(method, path)));
    }

    static void waybillWrite(List<Scenario> all, String template, String path, String conflict) {
        String body = "{}";
        add(all, "PUT", template, 200, "waybill-service applied it",
                () -> upstream(path, 200, null, () -> admin().contentType(ContentType.JSON).body(body).put(path)));
        add(all, "PUT", template, 400, "a malformed waybill number",
                () -> admin().contentType(ContentType.JSON).body(body).put(path.replace(WAYBILL, "yt1")));
        add(all, "PUT", template, 401, "no token", () -> given().contentType(ContentType.JSON).body(body).put(path));
        add(all, "PUT", template, 403, "a clerk", () -> as(clerk()).contentType(ContentType.JSON).body(body).put(path));
        add(all, "PUT", template, 403, "a suspended admin", () -> suspended(Tokens::admin,
                token -> as(token).contentType(ContentType.JSON).body(body).put(path)));
        add(all, "PUT", template, 404, "waybill-service knows no such waybill", () -> upstream(path, 404,
                "waybill-not-found", () -> admin().contentType(ContentType.JSON).body(body).put(path)));
        add(all, "PUT", template, 406, "Accept: text/csv",
                () -> admin().accept(NOT_JSON).contentType(ContentType.JSON).body(body).put(path));
        add(all, "PUT", template, 409, "waybill-service refuses the change", () -> upstream(path, 409, conflict,
                () -> admin().contentType(ContentType.JSON).body(body).put(path)));
        add(all, "PUT", template, 415, "a text body", () -> admin().contentType(ContentType.TEXT).body("x").put(path));
        upstreamFailures(all, "PUT", template, path, () -> admin().contentType(ContentType.JSON).body(body));
    }

    static void auditRead(List<Scenario> all, String template, String path, String badWhat, Supplier<Response> bad) {
        add(all, "GET", template, 200, "audit-service answers a page",
                () -> upstream(path, 200, null, () -> auditor().get(path)));
        add(all, "GET", template, 400, badWhat, bad);
        auditCommon(all, "GET", template, path, () -> given());
    }

    /** 401, 403, 406 and the inner-service failures of an auditor operation. */
    static void auditCommon(List<Scenario> all, String method, String template, String path,
                            Supplier<RequestSpecification> anonymous) {
        add(all, method, template, 401, "no token", () -> anonymous.get().request(method, path));
        add(all, method, template, 403, "a clerk", () -> as(clerk()).request(method, path));
        add(all, method, template, 403, "a suspended auditor",
                () -> suspended(Tokens::auditor, token -> as(token).request(method, path)));
        add(all, method, template, 406, "Accept: text/csv", () -> auditor().accept(NOT_JSON).request(method, path));
        upstreamFailures(all, method, template, path, OpenApiContractTest::auditor);
    }

    // ---- requests ----

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    static String clerk() {
        return Tokens.clerk(Tokens.newSub());
    }

    static RequestSpecification admin() {
        return as(Tokens.admin(Tokens.newSub()));
    }

    static RequestSpecification auditor() {
        return as(Tokens.auditor(Tokens.newSub()));
    }

    static RequestSpecification reader(String token) {
        return as(token).header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", "g.g.g");
    }

    /** The request of a fresh account of a role (token by sub), made while that account is suspended. */
    static Response suspended(java.util.function.Function<String, String> tokenFor,
                              java.util.function.Function<String, Response> request) {
        String sub = Tokens.newSub();
        Suspensions.suspend(sub);
        try {
            return request.apply(tokenFor.apply(sub));
        } finally {
            Suspensions.lift(sub);
        }
    }

    static String overridePath(String sub) {
        return "/api/v1/admin/quotas/accounts/" + sub;
    }

    static Response override(String token, String sub, String contentType, String accept) {
        RequestSpecification request = as(token).contentType(contentType)
                .body(Map.of("perMinute", 5, "perHour", 50, "perDay", 500));
        if (accept != null) {
            request.accept(accept);
        }
        return request.put(overridePath(sub));
    }

    /** Makes the stand-in inner service answer {@code status} on {@code path}: a problem when a slug is given. */
    static Response upstream(String path, int status, String slug, Supplier<Response> call) {
        String body = slug == null ? "{\"ok\":true}"
                : "{\"type\":\"" + PROBLEMS + slug + "\",\"title\":\"t\",\"status\":" + status + "}";
        UpstreamStub.server().stubFor(any(urlPathEqualTo(path)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", slug == null ? "application/json" : PROBLEM_JSON).withBody(body)));
        return call.get();
    }

    // ---- the document ----

    JsonNode document() throws Exception {
        return json.readTree(given().get(management + "openapi?format=json").then().statusCode(200)
                .extract().asString());
    }

    static JsonNode resolve(JsonNode document, JsonNode node) {
        if (node.has("$ref")) {
            JsonNode target = document;
            for (String part : node.get("$ref").asText().substring(2).split("/")) {
                target = target.path(part);
            }
            return target;
        }
        return node;
    }

    static JsonNode declared(JsonNode document, Scenario scenario) {
        return document.path("paths").path(scenario.path()).path(scenario.method().toLowerCase())
                .path("responses").path(String.valueOf(scenario.status()));
    }

    // ---- the checks ----

    @Test
    void everyScenarioAnswersADeclaredStatusAsDocumented() throws Exception {
        JsonNode document = document();
        List<String> failures = new ArrayList<>();
        for (Scenario scenario : scenarios()) {
            if (!scenario.redisDown()) {
                breakers.resetAll();
                UpstreamStub.server().resetAll();
                check(document, scenario, scenario.call().get(), failures);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " scenarios disagree with the document:\n"
                + String.join("\n", failures));
    }

    @Test
    void withRedisDownTheRedisBackedOperationsAnswerAsDocumented() throws Exception {
        JsonNode document = document();
        List<String> failures = new ArrayList<>();
        TestInfrastructure.redis().stop();
        try {
            for (Scenario scenario : scenarios()) {
                if (scenario.redisDown()) {
                    check(document, scenario, scenario.call().get(), failures);
                }
            }
        } finally {
            RedisOutageTest.restartRedis();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> as(clerk()).get("/api/v1/quota").then().statusCode(200));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    void check(JsonNode document, Scenario scenario, Response response, List<String> failures) throws Exception {
        String name = scenario.operation() + " -> " + scenario.status() + " (" + scenario.what() + "): ";
        if (response.statusCode() != scenario.status()) {
            failures.add(name + "answered " + response.statusCode() + " " + response.asString());
            return;
        }
        JsonNode declared = declared(document, scenario);
        if (declared.isMissingNode()) {
            failures.add(name + "not declared in the document");
            return;
        }
        JsonNode resolved = resolve(document, declared);
        resolved.path("headers").fields().forEachRemaining(header -> {
            if (resolve(document, header.getValue()).path("required").asBoolean()
                    && response.header(header.getKey()) == null) {
                failures.add(name + "lacks the header " + header.getKey() + " the document promises");
            }
        });
        if (scenario.status() >= 400) {
            if (!response.contentType().startsWith(PROBLEM_JSON)) {
                failures.add(name + "is not " + PROBLEM_JSON + " but " + response.contentType());
                return;
            }
            String type = json.readTree(response.asString()).path("type").asText();
            String slug = type.startsWith(PROBLEMS) ? type.substring(PROBLEMS.length()) : type;
            if (!resolved.path("content").path(PROBLEM_JSON).path("examples").has(slug)) {
                failures.add(name + "answered problem type " + slug + ", which the document does not list");
            }
        }
    }

    @Test
    void everyDeclaredStatusIsReachedByAScenario() throws Exception {
        Set<String> reached = new TreeSet<>();
        for (Scenario scenario : scenarios()) {
            reached.add(scenario.operation() + " " + scenario.status());
        }
        Set<String> unreached = new TreeSet<>();
        JsonNode document = document();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                op.getValue().path("responses").fieldNames().forEachRemaining(status -> {
                    String key = op.getKey().toUpperCase() + " " + path.getKey() + " " + status;
                    if (!reached.contains(key) && !NOT_PROVOKED.contains(status)) {
                        unreached.add(key);
                    }
                })));
        assertTrue(unreached.isEmpty(), "declared but no scenario answers it: " + unreached);
        // and no scenario aims at an operation the document does not have
        for (Scenario scenario : scenarios()) {
            assertTrue(document.path("paths").path(scenario.path()).has(scenario.method().toLowerCase()),
                    "undocumented operation " + scenario.operation());
        }
    }

    @Test
    void everyErrorResponseIsAProblemWithItsTypesAsExamples() throws Exception {
        JsonNode document = document();
        List<String> wrong = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                op.getValue().path("responses").fields().forEachRemaining(response -> {
                    if (Integer.parseInt(response.getKey()) < 400) {
                        return;
                    }
                    String name = op.getKey().toUpperCase() + " " + path.getKey() + " " + response.getKey();
                    JsonNode content = resolve(document, response.getValue()).path("content");
                    JsonNode problem = content.path(PROBLEM_JSON);
                    if (content.size() != 1
                            || !"#/components/schemas/Problem".equals(problem.path("schema").path("$ref").asText())) {
                        wrong.add(name + ": not (only) the Problem schema as " + PROBLEM_JSON);
                        return;
                    }
                    if (problem.path("examples").isEmpty()) {
                        wrong.add(name + ": no problem type listed");
                    }
                    problem.path("examples").fields().forEachRemaining(example -> {
                        JsonNode value = resolve(document, example.getValue()).path("value");
                        if (!(PROBLEMS + example.getKey()).equals(value.path("type").asText())
                                || !response.getKey().equals(value.path("status").asText())) {
                            wrong.add(name + ": example " + example.getKey() + " is not a " + response.getKey()
                                    + " problem of that type");
                        }
                    });
                })));
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void everyOperationButTheKeySetNeedsABearerJwt() throws Exception {
        JsonNode document = document();
        JsonNode scheme = document.path("components").path("securitySchemes").path("bearer");
        assertEquals("http", scheme.path("type").asText());
        assertEquals("bearer", scheme.path("scheme").asText());
        assertEquals("JWT", scheme.path("bearerFormat").asText());
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            boolean bearer = op.getValue().path("security").toString().equals("[{\"bearer\":[]}]");
            assertEquals(!path.getKey().equals("/.well-known/jwks.json"), bearer,
                    op.getKey() + " " + path.getKey() + " security " + op.getValue().path("security"));
        }));
        JsonNode read = document.path("paths").path(READ).path("get").path("parameters");
        Set<String> headers = new TreeSet<>();
        read.forEach(p -> {
            if ("header".equals(p.path("in").asText()) && p.path("required").asBoolean()) {
                headers.add(p.path("name").asText());
            }
        });
        assertEquals(Set.of("X-Access-Grant", "X-Device-Id"), headers);
    }

    @Test
    void operationalEndpointsAreOnTheManagementPortOnly() {
        for (String path : List.of("health/ready", "health/live", "metrics", "openapi")) {
            given().get(management + path).then().statusCode(200);
            given().get("/q/" + path).then().statusCode(404);
        }
    }
}
