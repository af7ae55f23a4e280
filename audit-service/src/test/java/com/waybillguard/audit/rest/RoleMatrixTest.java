package com.waybillguard.audit.rest;

import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static com.waybillguard.audit.AuditTestSupport.token;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Who may call what, called directly as a compromised pod would: each of the five roles, every pair of them in one
 * token and no token, against every operation of this service's OpenAPI document. Every operation is the auditor's,
 * a pair with auditor is 403 {@code role-conflict}, a pair without it 403 {@code forbidden};
 * the table below gives each a well-formed request, and an operation the document has without a row (a new endpoint)
 * fails the test, as does a row the document lacks.
 */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class RoleMatrixTest {

    private static final List<String> ROLES = List.of("clerk", "courier", "cs_agent", "auditor", "admin");
    private static final String ALERT = "5b0c2f3e-8a51-4d7e-9c1b-2f3a4b5c6d7e";

    /** Every operation with a request to it; all of them are the auditor's alone. */
    private static final Map<String, Function<RequestSpecification, Response>> OPERATIONS = table();

    private static Map<String, Function<RequestSpecification, Response>> table() {
        Map<String, Function<RequestSpecification, Response>> t = new LinkedHashMap<>();
        t.put("GET /api/v1/audit/events", r -> r.get("/api/v1/audit/events"));
        t.put("GET /api/v1/audit/actors/{actor}/timeline", r -> r.get("/api/v1/audit/actors/clerk.jize/timeline"));
        t.put("GET /api/v1/audit/waybills/{waybillNo}/history",
                r -> r.get("/api/v1/audit/waybills/YT1234567890123/history"));
        t.put("GET /api/v1/audit/verify", r -> r.get("/api/v1/audit/verify"));
        t.put("GET /api/v1/audit/export", r -> r.get("/api/v1/audit/export?fromSeq=1&toSeq=1"));
        t.put("GET /api/v1/audit/checkpoints", r -> r.get("/api/v1/audit/checkpoints"));
        t.put("POST /api/v1/audit/checkpoints", r -> r.post("/api/v1/audit/checkpoints"));
        t.put("GET /api/v1/audit/alerts", r -> r.get("/api/v1/audit/alerts"));
        t.put("POST /api/v1/audit/alerts/{id}/resolve", r -> r.contentType(ContentType.JSON)
                .body("{\"comment\":\"reviewed\"}").post("/api/v1/audit/alerts/" + ALERT + "/resolve"));
        t.put("POST /api/v1/accounts/{sub}/suspend", r -> r.contentType(ContentType.JSON)
                .body("{\"reason\":\"matrix\"}").post("/api/v1/accounts/" + unique("sub-matrix") + "/suspend"));
        t.put("POST /api/v1/accounts/{sub}/reinstate", r -> r.contentType(ContentType.JSON)
                .body("{\"reason\":\"matrix\"}").post("/api/v1/accounts/" + unique("sub-matrix") + "/reinstate"));
        return t;
    }

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    @Test
    void everyOperationOfTheDocumentHasARowAndEveryRowAnOperation() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").get(openapi).then()
                .statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> Set.of("get", "put", "post", "delete", "patch").contains(m))
                .forEach(m -> documented.add(m.toUpperCase() + " " + path)));
        assertEquals(documented, new TreeSet<>(OPERATIONS.keySet()));
    }

    @Test
    void onlyAnAuditorHoldingNoOtherRoleGetsIn() {
        List<String> wrong = new ArrayList<>();
        OPERATIONS.forEach((name, call) -> {
            for (String role : ROLES) {
                Response response = call.apply(given().auth().oauth2(token(unique("sub-" + role), role, role)));
                if ("auditor".equals(role) ? response.statusCode() == 401 || response.statusCode() == 403
                        : !refused(response, 403, "forbidden")) {
                    wrong.add(role + " " + name + ": " + response.statusCode() + " " + response.asString());
                }
            }
            for (int i = 0; i < ROLES.size(); i++) {
                for (int j = i + 1; j < ROLES.size(); j++) {
                    Set<String> pair = Set.of(ROLES.get(i), ROLES.get(j));
                    Response response = call.apply(given().auth().oauth2(token(unique("sub-pair"), "pair", pair)));
                    // the auditor check of the route runs first: a pair without auditor is simply not an auditor
                    if (!refused(response, 403, pair.contains("auditor") ? "role-conflict" : "forbidden")) {
                        wrong.add(pair + " " + name + ": " + response.statusCode() + " " + response.asString());
                    }
                }
            }
            Response anonymous = call.apply(given());
            if (!refused(anonymous, 401, "unauthorized") || anonymous.header("WWW-Authenticate") == null) {
                wrong.add("no token " + name + ": " + anonymous.statusCode());
            }
        });
        assertEquals(List.of(), wrong);
    }

    private static boolean refused(Response response, int status, String slug) {
        return response.statusCode() == status && response.contentType().startsWith("application/problem+json")
                && response.jsonPath().getString("type").endsWith("/" + slug);
    }
}
