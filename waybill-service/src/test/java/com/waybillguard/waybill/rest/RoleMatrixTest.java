package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.support.GrantBuilder;
import com.waybillguard.waybill.support.TestWaybills;
import com.waybillguard.waybill.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Who may call what, called directly as a compromised pod would: each of the five roles, every pair of them in one
 * token and no token, against every operation of this service's OpenAPI document. A pair is 403 {@code role-conflict};
 * on an admin route a pair without admin may be refused as {@code forbidden} first. A read comes with a genuine grant
 * minted for the caller's own role, outlet and courier (the strongest a caller could bring); only the roles the field
 * policy serves read, only an admin writes. An operation of the document without a row fails the test, as does a row
 * the document lacks.
 */
@QuarkusTest
class RoleMatrixTest {

    private static final List<String> ROLES = List.of("clerk", "courier", "cs_agent", "auditor", "admin");
    private static final String DEVICE = "device-matrix-1";
    private static final Map<String, String> PURPOSE = Map.of("clerk", "COUNTER_INQUIRY", "courier", "DELIVERY",
            "cs_agent", "CUSTOMER_SERVICE", "auditor", "COUNTER_INQUIRY", "admin", "COUNTER_INQUIRY");

    /** Who calls: the roles its token holds, the role its grant names (the first), and its claims. */
    private record Caller(String sub, Set<String> roles, String role) {
        String token() {
            return Tokens.access(sub, "matrix." + role, roles, "HD-JZ", "courier".equals(role) ? "C-1002" : null);
        }
    }

    /** An operation: the roles it admits, and a well-formed request of {@code caller} (null: no token). */
    private record Operation(Set<String> roles, Function<Caller, Response> call) {
    }

    private static Map<String, Operation> table(String waybillNo) {
        Map<String, Operation> t = new LinkedHashMap<>();
        t.put("GET /api/v1/waybills/{waybillNo}", new Operation(Set.of("clerk", "courier", "cs_agent"), c -> {
            if (c == null) {
                return given().header("X-Device-Id", DEVICE).header("X-Access-Grant", "g.g.g")
                        .get("/api/v1/waybills/" + waybillNo);
            }
            GrantBuilder grant = GrantBuilder.grant(c.sub(), c.role(), waybillNo, PURPOSE.get(c.role()), DEVICE)
                    .outlet("HD-JZ").courier("courier".equals(c.role()) ? "C-1002" : null);
            return given().auth().oauth2(c.token()).header("X-Device-Id", DEVICE)
                    .header("X-Access-Grant", grant.sign()).get("/api/v1/waybills/" + waybillNo);
        }));
        t.put("POST /api/v1/admin/waybills", new Operation(Set.of("admin"), c -> as(c).contentType(ContentType.JSON)
                .body(TestWaybills.body(TestWaybills.uniqueNumber(), "CREATED", "HD-YN", "HD-JZ", null, null))
                .post("/api/v1/admin/waybills")));
        t.put("PUT /api/v1/admin/waybills/{waybillNo}/status", new Operation(Set.of("admin"), c -> as(c)
                .contentType(ContentType.JSON).body("{\"status\":\"OUT_FOR_DELIVERY\"}")
                .put("/api/v1/admin/waybills/" + waybillNo + "/status")));
        t.put("PUT /api/v1/admin/waybills/{waybillNo}/assignment", new Operation(Set.of("admin"), c -> as(c)
                .contentType(ContentType.JSON).body("{\"pickupCourierId\":\"C-1001\",\"deliveryCourierId\":\"C-1002\"}")
                .put("/api/v1/admin/waybills/" + waybillNo + "/assignment")));
        return t;
    }

    private static io.restassured.specification.RequestSpecification as(Caller caller) {
        return caller == null ? given() : given().auth().oauth2(caller.token());
    }

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    @Test
    void everyOperationOfTheDocumentHasARowAndEveryRowAnOperation() {
        Map<String, Map<String, Object>> paths = given().queryParam("format", "json").get(openapi).then()
                .statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> Set.of("get", "put", "post", "delete", "patch").contains(m))
                .forEach(m -> documented.add(m.toUpperCase() + " " + path)));
        assertEquals(documented, new TreeSet<>(table("YT1234567890123").keySet()));
    }

    @Test
    void eachRoleEveryPairAndNoTokenOnEveryOperation() {
        String waybillNo = TestWaybills.create("OUT_FOR_DELIVERY", "HD-YN", "HD-JZ", "C-1001", "C-1002");
        List<String> wrong = new ArrayList<>();
        table(waybillNo).forEach((name, operation) -> {
            for (String role : ROLES) {
                Response response = operation.call().apply(new Caller(sub(), Set.of(role), role));
                boolean admitted = operation.roles().contains(role);
                if (admitted ? response.statusCode() == 401 || response.statusCode() == 403
                        : !refused(response, 403, "forbidden") && !refused(response, 403, "purpose-not-allowed")) {
                    wrong.add(role + " " + name + ": " + response.statusCode() + " " + response.asString());
                }
            }
            for (int i = 0; i < ROLES.size(); i++) {
                for (int j = i + 1; j < ROLES.size(); j++) {
                    Set<String> pair = Set.of(ROLES.get(i), ROLES.get(j));
                    for (String role : pair) {
                        Response response = operation.call().apply(new Caller(sub(), pair, role));
                        // an admin route's role check runs first: a pair without admin is simply not an admin
                        boolean conflict = refused(response, 403, "role-conflict");
                        boolean notAdmitted = pair.stream().noneMatch(operation.roles()::contains)
                                && refused(response, 403, "forbidden");
                        if (!conflict && !notAdmitted) {
                            wrong.add(pair + " as " + role + " " + name + ": " + response.statusCode() + " "
                                    + response.asString());
                        }
                    }
                }
            }
            Response anonymous = operation.call().apply(null);
            if (!refused(anonymous, 401, "unauthorized")) {
                wrong.add("no token " + name + ": " + anonymous.statusCode());
            }
        });
        assertEquals(List.of(), wrong);
    }

    private static String sub() {
        return "sub-matrix-" + UUID.randomUUID();
    }

    private static boolean refused(Response response, int status, String slug) {
        return response.statusCode() == status && response.contentType().startsWith("application/problem+json")
                && response.jsonPath().getString("type").endsWith("/" + slug);
    }
}
