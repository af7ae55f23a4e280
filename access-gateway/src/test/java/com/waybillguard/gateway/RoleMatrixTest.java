package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Who may call what, for every operation of the OpenAPI document: each of the five roles, every pair of them in one
 * token and no token at all, against every operation. The table below names the roles each operation admits; an
 * operation in the document without a row (a new endpoint) fails the test, and so does a row the document lacks.
 * The inner services are a stub that answers 200 to anything, so whatever the gateway forwards shows as allowed.
 */
@QuarkusTest
class RoleMatrixTest {

    static final List<String> ROLES = List.of("clerk", "courier", "cs_agent", "auditor", "admin");
    private static final Set<String> READERS = Set.of("clerk", "courier", "cs_agent");
    private static final Set<String> ADMIN = Set.of("admin");
    private static final Set<String> AUDITOR = Set.of("auditor");
    private static final Set<String> ANY_ACCOUNT = Set.copyOf(ROLES);
    /** Operations open to anyone, signed in or not. */
    private static final Set<String> PUBLIC = Set.of();
    private static final Map<String, String> PURPOSE = Map.of("clerk", "COUNTER_INQUIRY", "courier", "DELIVERY",
            "cs_agent", "CUSTOMER_SERVICE", "auditor", "COUNTER_INQUIRY", "admin", "COUNTER_INQUIRY");
    private static final String WAYBILL = GrantResourceTest.WAYBILL;

    /** One operation: the roles it admits ({@link #PUBLIC}: no account needed) and a well-formed request to it. */
    private record Operation(Set<String> roles, Function<Caller, Response> call) {
    }

    /** Who calls: a token (or none) and the role whose request shape to use. */
    private record Caller(String token, String role) {
        RequestSpecification request() {
            return token == null ? given() : given().auth().oauth2(token);
        }
    }

    private static final Map<String, Operation> OPERATIONS = table();

    private static Map<String, Operation> table() {
        Map<String, Operation> t = new LinkedHashMap<>();
        t.put("POST /api/v1/grants", new Operation(READERS, c -> c.request()
                .header("X-Device-Id", Tokens.DEVICE).contentType(ContentType.JSON)
                .body(Map.of("waybillNo", WAYBILL, "purpose", PURPOSE.getOrDefault(c.role(), "COUNTER_INQUIRY")))
                .post("/api/v1/grants")));
        t.put("GET /api/v1/waybills/{waybillNo}", new Operation(READERS, c -> c.request()
                .header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", "g.g.g")
                .get("/api/v1/waybills/" + WAYBILL)));
        t.put("GET /api/v1/quota", new Operation(ANY_ACCOUNT, c -> c.request().get("/api/v1/quota")));
        t.put("PUT /api/v1/admin/quotas/accounts/{sub}", new Operation(ADMIN, c -> c.request()
                .contentType(ContentType.JSON).body(Map.of("perMinute", 1, "perHour", 1, "perDay", 1))
                .put("/api/v1/admin/quotas/accounts/" + Tokens.newSub())));
        t.put("DELETE /api/v1/admin/quotas/accounts/{sub}", new Operation(ADMIN, c -> c.request()
                .delete("/api/v1/admin/quotas/accounts/" + Tokens.newSub())));
        t.put("POST /api/v1/admin/waybills", new Operation(ADMIN, c -> c.request().contentType(ContentType.JSON)
                .body("{}").post("/api/v1/admin/waybills")));
        t.put("PUT /api/v1/admin/waybills/{waybillNo}/status", new Operation(ADMIN, c -> c.request()
                .contentType(ContentType.JSON).body("{\"status\":\"PICKED_UP\"}")
                .put("/api/v1/admin/waybills/" + WAYBILL + "/status")));
        t.put("PUT /api/v1/admin/waybills/{waybillNo}/assignment", new Operation(ADMIN, c -> c.request()
                .contentType(ContentType.JSON).body("{}").put("/api/v1/admin/waybills/" + WAYBILL + "/assignment")));
        t.put("GET /api/v1/audit/events", new Operation(AUDITOR, c -> c.request().get("/api/v1/audit/events")));
        t.put("GET /api/v1/audit/actors/{actor}/timeline", new Operation(AUDITOR, c -> c.request()
                .get("/api/v1/audit/actors/clerk.jize/timeline")));
        t.put("GET /api/v1/audit/waybills/{waybillNo}/history", new Operation(AUDITOR, c -> c.request()
                .get("/api/v1/audit/waybills/" + WAYBILL + "/history")));
        t.put("GET /api/v1/audit/verify", new Operation(AUDITOR, c -> c.request().get("/api/v1/audit/verify")));
        t.put("GET /api/v1/audit/export", new Operation(AUDITOR, c -> c.request().get("/api/v1/audit/export")));
        t.put("GET /api/v1/audit/checkpoints", new Operation(AUDITOR, c -> c.request()
                .get("/api/v1/audit/checkpoints")));
        t.put("POST /api/v1/audit/checkpoints", new Operation(AUDITOR, c -> c.request()
                .post("/api/v1/audit/checkpoints")));
        t.put("GET /api/v1/audit/alerts", new Operation(AUDITOR, c -> c.request().get("/api/v1/audit/alerts")));
        t.put("POST /api/v1/audit/alerts/{id}/resolve", new Operation(AUDITOR, c -> c.request()
                .contentType(ContentType.JSON).body("{\"comment\":\"reviewed\"}")
                .post("/api/v1/audit/alerts/5b0c2f3e-8a51-4d7e-9c1b-2f3a4b5c6d7e/resolve")));
        t.put("POST /api/v1/accounts/{sub}/suspend", new Operation(AUDITOR, c -> c.request()
                .contentType(ContentType.JSON).body("{\"reason\":\"review\"}")
                .post("/api/v1/accounts/" + Tokens.newSub() + "/suspend")));
        t.put("POST /api/v1/accounts/{sub}/reinstate", new Operation(AUDITOR, c -> c.request()
                .contentType(ContentType.JSON).body("{\"reason\":\"review\"}")
                .post("/api/v1/accounts/" + Tokens.newSub() + "/reinstate")));
        t.put("GET /.well-known/jwks.json", new Operation(PUBLIC, c -> c.request().get("/.well-known/jwks.json")));
        return t;
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ObjectMapper json;

    WireMockServer upstream;

    @BeforeEach
    void stub() {
        upstream = UpstreamStub.answeringOk();
        breakers.resetAll();
    }

    @AfterEach
    void reset() {
        upstream.resetAll();
        breakers.resetAll();
    }

    private JsonNode document() throws Exception {
        return json.readTree(given().get(management + "openapi?format=json").then().statusCode(200)
                .extract().asString());
    }

    /** The problem types the document gives as examples of an operation's 403. */
    private static Set<String> documented403(JsonNode document, String operation) {
        String[] methodAndPath = operation.split(" ", 2);
        JsonNode response = OpenApiContractTest.resolve(document, document.path("paths").path(methodAndPath[1])
                .path(methodAndPath[0].toLowerCase()).path("responses").path("403"));
        Set<String> types = new TreeSet<>();
        response.path("content").path("application/problem+json").path("examples").fieldNames()
                .forEachRemaining(types::add);
        return types;
    }

    @Test
    void everyOperationOfTheDocumentHasARowAndEveryRowAnOperation() throws Exception {
        Set<String> documented = new TreeSet<>();
        JsonNode paths = document().path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)) {
                    documented.add(method.toUpperCase() + " " + path.getKey());
                }
            });
        }
        assertEquals(documented, new TreeSet<>(OPERATIONS.keySet()),
                "the OpenAPI document's operations and the role table must name the same operations");
    }

    @Test
    void eachRoleReachesExactlyTheOperationsOfItsRow() throws Exception {
        JsonNode document = document();
        List<String> wrong = new ArrayList<>();
        OPERATIONS.forEach((name, operation) -> {
            for (String role : ROLES) {
                Response response = operation.call().apply(new Caller(Tokens.withRoles(Tokens.newSub(), Set.of(role)),
                        role));
                boolean admitted = operation.roles().isEmpty() || operation.roles().contains(role);
                String type = problemType(response);
                if (admitted && (response.statusCode() == 401 || response.statusCode() == 403)) {
                    wrong.add(role + " " + name + ": refused " + response.statusCode() + " " + type);
                } else if (!admitted && (response.statusCode() != 403
                        || !Set.of("forbidden", "purpose-not-allowed").contains(type))) {
                    wrong.add(role + " " + name + ": expected 403 forbidden, got " + response.statusCode() + " " + type);
                } else if (!admitted && !documented403(document, name).contains(type)) {
                    wrong.add(role + " " + name + ": 403 " + type + " is not among the document's examples");
                }
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyPairOfRolesIsRefusedOnEveryOperationThatNeedsAnAccount() throws Exception {
        JsonNode document = document();
        List<String> wrong = new ArrayList<>();
        int requests = 0;
        for (int i = 0; i < ROLES.size(); i++) {
            for (int j = i + 1; j < ROLES.size(); j++) {
                Set<String> pair = Set.of(ROLES.get(i), ROLES.get(j));
                for (Map.Entry<String, Operation> entry : OPERATIONS.entrySet()) {
                    if (entry.getValue().roles().isEmpty()) {
                        continue;
                    }
                    if (!documented403(document, entry.getKey()).contains("role-conflict")) {
                        wrong.add(entry.getKey() + ": the document does not give role-conflict for its 403");
                    }
                    for (String role : pair) {
                        Response response = entry.getValue().call()
                                .apply(new Caller(Tokens.withRoles(Tokens.newSub(), pair), role));
                        requests++;
                        if (response.statusCode() != 403 || !"role-conflict".equals(problemType(response))) {
                            wrong.add(pair + " as " + role + " " + entry.getKey() + ": " + response.statusCode() + " "
                                    + problemType(response));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(0, upstream.findAll(anyRequestedFor(anyUrl())).size(),
                "nothing forwarded in " + requests + " requests");
    }

    @Test
    void withoutATokenOnlyPublicOperationsAnswer() {
        List<String> wrong = new ArrayList<>();
        OPERATIONS.forEach((name, operation) -> {
            Response response = operation.call().apply(new Caller(null, "clerk"));
            boolean open = operation.roles().isEmpty();
            if (open ? response.statusCode() >= 400
                    : response.statusCode() != 401 || !"unauthorized".equals(problemType(response))
                    || response.header("WWW-Authenticate") == null) {
                wrong.add(name + ": " + response.statusCode() + " " + problemType(response));
            }
        });
        assertEquals(List.of(), wrong);
        assertEquals(0, upstream.findAll(anyRequestedFor(anyUrl())).size(), "nothing forwarded without a token");
    }

    private static String problemType(Response response) {
        String contentType = response.contentType();
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            return "(not a problem: " + contentType + ")";
        }
        String type = response.jsonPath().getString("type");
        return type == null ? "(no type)" : type.substring(type.lastIndexOf('/') + 1);
    }
}
