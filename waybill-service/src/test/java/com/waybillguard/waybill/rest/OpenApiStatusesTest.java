package com.waybillguard.waybill.rest;

import com.waybillguard.stack.RedisServer;
import com.waybillguard.testsupport.TestInfrastructure;
import com.waybillguard.waybill.support.GrantBuilder;
import com.waybillguard.waybill.support.TestWaybills;
import com.waybillguard.waybill.support.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document (management interface, {@code /q/openapi}) against what the service really answers:
 * a table of scenarios drives every operation into every status it answers; each answered status must be
 * declared for its operation, and each declared status must have a scenario (or be on the allow-list below,
 * with the reason it is not provoked).
 */
@QuarkusTest
class OpenApiStatusesTest {

    private static final String PROBLEMS = "https://waybill-guard.example/problems/";
    private static final String READ = "GET /api/v1/waybills/{waybillNo}";
    private static final String CREATE = "POST /api/v1/admin/waybills";
    private static final String STATUS = "PUT /api/v1/admin/waybills/{waybillNo}/status";
    private static final String ASSIGN = "PUT /api/v1/admin/waybills/{waybillNo}/assignment";
    private static final String DEVICE = "device-openapi-1";
    private static final String CLERK = "sub-clerk-openapi";
    private static final String STREAM_ASIDE = TestWaybills.STREAM + ":aside";
    private static final String SUSPENDED = "{wg}:account:suspended:";

    /** Declared statuses that no scenario provokes, and why. */
    private static final Map<String, Set<Integer>> NOT_PROVOKED = Map.of(
            // 500 internal-error: a fault of the service itself; no request can cause it on purpose
            READ, Set.of(500),
            CREATE, Set.of(500),
            STATUS, Set.of(500),
            // 409 concurrent-update: only when two writes of one waybill race; AdminWaybillResourceTest
            // (concurrentWritesOfOneWaybillAnswerOkOrConflictNeverAnError) runs such a race, which need not lose
            ASSIGN, Set.of(409, 500));

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    @Inject
    RedisDataSource redis;

    /** One request and the status (and problem slug) it must be answered with. */
    private record Scenario(String operation, int status, String slug, String name, Supplier<Response> request) {
    }

    private JsonPath document;

    @BeforeEach
    void fetchDocument() {
        document = given().queryParam("format", "json").when().get(openapi)
                .then().statusCode(200).extract().jsonPath();
    }

    // ---- requests --------------------------------------------------------------------------------------

    private static String clerkToken(String sub) {
        return Tokens.access(sub, sub, "clerk", "HD-JZ", null);
    }

    private static GrantBuilder grant(String sub, String waybillNo) {
        return GrantBuilder.grant(sub, "clerk", waybillNo, "COUNTER_INQUIRY", DEVICE).outlet("HD-JZ");
    }

    private static String waybill() {
        return TestWaybills.create("IN_TRANSIT", "HD-YN", "HD-JZ", "C-1001", "C-1002");
    }

    private static Response read(String token, String waybillNo, String grant, String device) {
        RequestSpecification request = given().header("X-Device-Id", device);
        if (token != null) {
            request.auth().oauth2(token);
        }
        if (grant != null) {
            request.header("X-Access-Grant", grant);
        }
        return request.when().get("/api/v1/waybills/" + waybillNo);
    }

    private static Response readOwn(String waybillNo) {
        return read(clerkToken(CLERK), waybillNo, grant(CLERK, waybillNo).sign(), DEVICE);
    }

    private static RequestSpecification admin(String token) {
        RequestSpecification request = given().contentType(ContentType.JSON).header("X-Device-Id", DEVICE);
        return token == null ? request : request.auth().oauth2(token);
    }

    private static String newBody(String waybillNo) {
        return TestWaybills.body(waybillNo, "CREATED", "HD-YN", "HD-JZ", null, null);
    }

    private static Response create(String token, String body) {
        return admin(token).body(body).when().post("/api/v1/admin/waybills");
    }

    private static Response status(String token, String waybillNo, String body) {
        return admin(token).body(body).when().put("/api/v1/admin/waybills/" + waybillNo + "/status");
    }

    private static Response assign(String token, String waybillNo, String body) {
        return admin(token).body(body).when().put("/api/v1/admin/waybills/" + waybillNo + "/assignment");
    }

    /** The request, answered while XADD to the audit stream fails (a string under the stream key). */
    private Response withoutAudit(Supplier<Response> request) {
        redis.key().rename(TestWaybills.STREAM, STREAM_ASIDE);
        redis.value(String.class).set(TestWaybills.STREAM, "not-a-stream");
        try {
            return request.get();
        } finally {
            redis.key().del(TestWaybills.STREAM);
            redis.key().rename(STREAM_ASIDE, TestWaybills.STREAM);
        }
    }

    /** The request while Redis is stopped; Redis is started again (same port, same data) before this returns. */
    private Response withoutRedis(Supplier<Response> request) {
        RedisServer server = TestInfrastructure.redis();
        try {
            server.stop();
            return request.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                server.restart();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // the next scenario finds Redis answering again
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                redis.key().exists(TestWaybills.STREAM);
                return true;
            });
        }
    }

    /** The request of a suspended account. */
    private Response suspended(String sub, Supplier<Response> request) {
        redis.value(String.class).set(SUSPENDED + sub, "{\"reason\":\"MANUAL\",\"by\":\"test\",\"at\":\"now\"}");
        try {
            return request.get();
        } finally {
            redis.key().del(SUSPENDED + sub);
        }
    }

    private List<Scenario> scenarios() {
        String admin = Tokens.admin();
        String clerk = Tokens.clerkJize();
        String suspendedAdmin = "sub-admin-openapi-suspended";
        String suspendedClerk = "sub-clerk-openapi-suspended";
        String status = "{\"status\": \"PICKED_UP\"}";
        String couriers = "{\"pickupCourierId\": \"C-1001\", \"deliveryCourierId\": \"C-1002\"}";
        String created = "CREATED";
        List<Scenario> all = new ArrayList<>();

        all.add(new Scenario(READ, 200, null, "a clerk at the destination reads", () -> readOwn(waybill())));
        all.add(new Scenario(READ, 400, "invalid-waybill-number", "malformed number",
                () -> read(clerkToken(CLERK), "yt-1", grant(CLERK, "yt-1").sign(), DEVICE)));
        all.add(new Scenario(READ, 400, "invalid-device-id", "malformed device id", () -> {
            String no = waybill();
            return read(clerkToken(CLERK), no, grant(CLERK, no).sign(), "bad");
        }));
        all.add(new Scenario(READ, 401, "unauthorized", "no access token", () -> {
            String no = waybill();
            return read(null, no, grant(CLERK, no).sign(), DEVICE);
        }));
        all.add(new Scenario(READ, 401, "grant-missing", "no grant",
                () -> read(clerkToken(CLERK), waybill(), null, DEVICE)));
        all.add(new Scenario(READ, 401, "grant-invalid", "grant signed with HS256", () -> {
            String no = waybill();
            return read(clerkToken(CLERK), no, grant(CLERK, no).signHs256(), DEVICE);
        }));
        all.add(new Scenario(READ, 401, "grant-expired", "expired grant", () -> {
            String no = waybill();
            return read(clerkToken(CLERK), no, grant(CLERK, no).issuedSecondsAgo(120).ttl(60).sign(), DEVICE);
        }));
        all.add(new Scenario(READ, 403, "grant-not-bound", "grant of another account", () -> {
            String no = waybill();
            return read(clerkToken(CLERK), no, grant("sub-someone-else", no).sign(), DEVICE);
        }));
        all.add(new Scenario(READ, 403, "grant-waybill-mismatch", "grant for another waybill",
                () -> read(clerkToken(CLERK), waybill(), grant(CLERK, waybill()).sign(), DEVICE)));
        all.add(new Scenario(READ, 403, "account-suspended", "suspended account", () -> {
            String no = waybill();
            return suspended(suspendedClerk,
                    () -> read(clerkToken(suspendedClerk), no, grant(suspendedClerk, no).sign(), DEVICE));
        }));
        all.add(new Scenario(READ, 403, "grant-replayed", "grant used twice", () -> {
            String no = waybill();
            String once = grant(CLERK, no).sign();
            read(clerkToken(CLERK), no, once, DEVICE).then().statusCode(200);
            return read(clerkToken(CLERK), no, once, DEVICE);
        }));
        all.add(new Scenario(READ, 403, "purpose-not-allowed", "a clerk asks for PICKUP", () -> {
            String no = waybill();
            return read(clerkToken(CLERK), no,
                    GrantBuilder.grant(CLERK, "clerk", no, "PICKUP", DEVICE).outlet("HD-JZ").sign(), DEVICE);
        }));
        all.add(new Scenario(READ, 403, "out-of-scope", "a courier not assigned to the delivery", () -> {
            String no = TestWaybills.create("OUT_FOR_DELIVERY", "HD-YN", "HD-JZ", "C-1001", "C-1002");
            String sub = "sub-courier-openapi";
            return read(Tokens.access(sub, sub, "courier", "HD-JZ", "C-1999"), no,
                    GrantBuilder.grant(sub, "courier", no, "DELIVERY", DEVICE).outlet("HD-JZ").courier("C-1999").sign(),
                    DEVICE);
        }));
        all.add(new Scenario(READ, 404, "waybill-not-found", "unknown waybill", () -> {
            String no = TestWaybills.uniqueNumber();
            return read(clerkToken(CLERK), no, grant(CLERK, no).sign(), DEVICE);
        }));
        all.add(new Scenario(READ, 406, "not-acceptable", "the client accepts only XML", () -> {
            String no = waybill();
            return given().auth().oauth2(clerkToken(CLERK)).header("X-Device-Id", DEVICE)
                    .header("X-Access-Grant", grant(CLERK, no).sign()).accept("application/xml")
                    .when().get("/api/v1/waybills/" + no);
        }));
        all.add(new Scenario(READ, 503, "audit-unavailable", "the audit stream refuses the event", () -> {
            String no = waybill();
            String g = grant(CLERK, no).sign();
            return withoutAudit(() -> read(clerkToken(CLERK), no, g, DEVICE));
        }));

        all.add(new Scenario(CREATE, 201, null, "an admin creates a waybill",
                () -> create(admin, newBody(TestWaybills.uniqueNumber()))));
        all.add(new Scenario(CREATE, 400, "invalid-request", "a bad field",
                () -> create(admin, newBody(null).replace("\"weightGrams\": 1200", "\"weightGrams\": -5"))));
        all.add(new Scenario(CREATE, 400, "invalid-request", "malformed JSON", () -> create(admin, "{\"waybillNo\": ")));
        all.add(new Scenario(CREATE, 401, "unauthorized", "no access token", () -> create(null, newBody(null))));
        all.add(new Scenario(CREATE, 403, "forbidden", "a clerk", () -> create(clerk, newBody(null))));
        all.add(new Scenario(CREATE, 403, "account-suspended", "a suspended admin", () -> suspended(suspendedAdmin,
                () -> create(Tokens.access(suspendedAdmin, "admin.x", "admin", null, null), newBody(null)))));
        all.add(new Scenario(CREATE, 406, "not-acceptable", "the client accepts only XML",
                () -> admin(admin).accept("application/xml").body(newBody(null)).when().post("/api/v1/admin/waybills")));
        all.add(new Scenario(CREATE, 409, "waybill-exists", "an existing number",
                () -> create(admin, newBody(waybill()))));
        all.add(new Scenario(CREATE, 415, "unsupported-media-type", "a text body",
                () -> given().auth().oauth2(admin).contentType(ContentType.TEXT).body("hello")
                        .when().post("/api/v1/admin/waybills")));
        all.add(new Scenario(CREATE, 503, "service-unavailable", "Redis is away (no suspension check, no write)",
                () -> withoutRedis(() -> create(admin, newBody(null)))));

        all.add(new Scenario(STATUS, 200, null, "a legal move",
                () -> status(admin, TestWaybills.create(created, "HD-YN", "HD-JZ", null, null), status)));
        all.add(new Scenario(STATUS, 400, "invalid-request", "an unknown status",
                () -> status(admin, waybill(), "{\"status\": \"LOST\"}")));
        all.add(new Scenario(STATUS, 400, "invalid-waybill-number", "a malformed number",
                () -> status(admin, "not-a-number", status)));
        all.add(new Scenario(STATUS, 401, "unauthorized", "no access token", () -> status(null, waybill(), status)));
        all.add(new Scenario(STATUS, 403, "forbidden", "a clerk", () -> status(clerk, waybill(), status)));
        all.add(new Scenario(STATUS, 403, "account-suspended", "a suspended admin", () -> {
            String no = waybill();
            return suspended(suspendedAdmin,
                    () -> status(Tokens.access(suspendedAdmin, "admin.x", "admin", null, null), no, status));
        }));
        all.add(new Scenario(STATUS, 404, "waybill-not-found", "an unknown waybill",
                () -> status(admin, TestWaybills.uniqueNumber(), status)));
        all.add(new Scenario(STATUS, 406, "not-acceptable", "the client accepts only XML", () -> {
            String no = waybill();
            return admin(admin).accept("application/xml").body(status)
                    .when().put("/api/v1/admin/waybills/" + no + "/status");
        }));
        all.add(new Scenario(STATUS, 409, "illegal-status-transition", "IN_TRANSIT back to PICKED_UP",
                () -> status(admin, waybill(), status)));
        all.add(new Scenario(STATUS, 415, "unsupported-media-type", "a text body", () -> {
            String no = waybill();
            return given().auth().oauth2(admin).contentType(ContentType.TEXT).body("PICKED_UP")
                    .when().put("/api/v1/admin/waybills/" + no + "/status");
        }));
        all.add(new Scenario(STATUS, 503, "service-unavailable", "Redis is away (no suspension check, no write)", () -> {
            String no = TestWaybills.create(created, "HD-YN", "HD-JZ", null, null);
            return withoutRedis(() -> status(admin, no, status));
        }));

        all.add(new Scenario(ASSIGN, 200, null, "an assignment", () -> assign(admin, waybill(), couriers)));
        all.add(new Scenario(ASSIGN, 400, "invalid-request", "a malformed courier id",
                () -> assign(admin, waybill(), "{\"pickupCourierId\": \"c 1\"}")));
        all.add(new Scenario(ASSIGN, 400, "invalid-waybill-number", "a malformed number",
                () -> assign(admin, "not-a-number", couriers)));
        all.add(new Scenario(ASSIGN, 401, "unauthorized", "no access token", () -> assign(null, waybill(), couriers)));
        all.add(new Scenario(ASSIGN, 403, "forbidden", "a clerk", () -> assign(clerk, waybill(), couriers)));
        all.add(new Scenario(ASSIGN, 403, "account-suspended", "a suspended admin", () -> {
            String no = waybill();
            return suspended(suspendedAdmin,
                    () -> assign(Tokens.access(suspendedAdmin, "admin.x", "admin", null, null), no, couriers));
        }));
        all.add(new Scenario(ASSIGN, 404, "waybill-not-found", "an unknown waybill",
                () -> assign(admin, TestWaybills.uniqueNumber(), couriers)));
        all.add(new Scenario(ASSIGN, 406, "not-acceptable", "the client accepts only XML", () -> {
            String no = waybill();
            return admin(admin).accept("application/xml").body(couriers)
                    .when().put("/api/v1/admin/waybills/" + no + "/assignment");
        }));
        all.add(new Scenario(ASSIGN, 415, "unsupported-media-type", "a text body", () -> {
            String no = waybill();
            return given().auth().oauth2(admin).contentType(ContentType.TEXT).body("C-1001")
                    .when().put("/api/v1/admin/waybills/" + no + "/assignment");
        }));
        all.add(new Scenario(ASSIGN, 503, "service-unavailable", "Redis is away (no suspension check, no write)", () -> {
            String no = waybill();
            return withoutRedis(() -> assign(admin, no, couriers));
        }));
        return all;
    }

    // ---- the document ------------------------------------------------------------------------------------

    /** Operation ("GET /path") → the statuses the document declares for it. */
    private Map<String, Set<Integer>> declared() {
        Map<String, Set<Integer>> result = new TreeMap<>();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            Set<Integer> statuses = new TreeSet<>();
            responses.keySet().forEach(code -> statuses.add(Integer.parseInt(code)));
            result.put(method.toUpperCase() + " " + path, statuses);
        }));
        return result;
    }

    private Map<String, Object> operation(String operation) {
        String[] parts = operation.split(" ", 2);
        return document.getMap("paths.'" + parts[1] + "'." + parts[0].toLowerCase());
    }

    @TestFactory
    Stream<DynamicTest> everyAnsweredStatusIsDeclared() {
        Map<String, Set<Integer>> declared = declared();
        return scenarios().stream().map(s -> DynamicTest.dynamicTest(
                s.operation() + " → " + s.status() + (s.slug() != null ? " " + s.slug() : "") + ": " + s.name(), () -> {
                    Response response = s.request().get();
                    assertEquals(s.status(), response.statusCode(), response.asString());
                    if (s.slug() != null) {
                        assertTrue(response.contentType().startsWith(Problem.MEDIA_TYPE), response.contentType());
                        assertEquals(PROBLEMS + s.slug(), response.jsonPath().getString("type"), response.asString());
                        assertEquals(s.status(), response.jsonPath().getInt("status"), response.asString());
                    }
                    Set<Integer> statuses = declared.get(s.operation());
                    assertNotNull(statuses, s.operation() + " is not in the document");
                    assertTrue(statuses.contains(s.status()),
                            s.operation() + " answers " + s.status() + " but declares only " + statuses);
                }));
    }

    @Test
    void everyDeclaredStatusHasAScenario() {
        Map<String, Set<Integer>> provoked = new TreeMap<>();
        for (Scenario s : scenarios()) {
            provoked.computeIfAbsent(s.operation(), k -> new TreeSet<>()).add(s.status());
        }
        Map<String, Set<Integer>> declared = declared();
        assertEquals(Set.of(READ, CREATE, STATUS, ASSIGN), declared.keySet(), "the operations of the document");
        List<String> missing = new ArrayList<>();
        declared.forEach((operation, statuses) -> {
            for (int status : statuses) {
                boolean covered = provoked.getOrDefault(operation, Set.of()).contains(status);
                boolean allowed = NOT_PROVOKED.getOrDefault(operation, Set.of()).contains(status);
                if (covered == allowed) {
                    missing.add(operation + " " + status + (covered ? ": provoked, so drop it from NOT_PROVOKED"
                            : ": declared, but no scenario provokes it"));
                }
            }
        });
        NOT_PROVOKED.forEach((operation, statuses) -> statuses.stream()
                .filter(status -> !declared.getOrDefault(operation, Set.of()).contains(status))
                .forEach(status -> missing.add(operation + " " + status + ": on NOT_PROVOKED but not declared")));
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }

    @Test
    void errorsAreProblemsAndTheHeadersAndSecurityAreDeclared() {
        List<String> wrong = new ArrayList<>();
        for (String operation : List.of(READ, CREATE, STATUS, ASSIGN)) {
            Map<String, Object> op = operation(operation);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
            responses.forEach((code, response) -> {
                if (Integer.parseInt(code) >= 400) {
                    Object ref = document.get("paths.'" + operation.split(" ", 2)[1] + "'."
                            + operation.split(" ", 2)[0].toLowerCase() + ".responses.'" + code + "'.content.'"
                            + Problem.MEDIA_TYPE + "'.schema.$ref");
                    if (!"#/components/schemas/Problem".equals(ref)) {
                        wrong.add(operation + " " + code + " is not a Problem (" + ref + ")");
                    }
                }
            });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> parameters = (List<Map<String, Object>>) op.get("parameters");
            List<String> headers = parameters.stream().filter(p -> "header".equals(p.get("in")))
                    .map(p -> (String) p.get("name")).toList();
            List<String> expected = operation.equals(READ) ? List.of("X-Access-Grant", "X-Device-Id") : List.of("X-Device-Id");
            if (!headers.containsAll(expected)) {
                wrong.add(operation + " declares headers " + headers + ", expected " + expected);
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> security = (List<Map<String, Object>>) op.get("security");
            if (security == null || security.stream().noneMatch(requirement -> requirement.containsKey("bearer"))) {
                wrong.add(operation + " has no bearer security requirement: " + security);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertEquals("http", document.getString("components.securitySchemes.bearer.type"));
        assertEquals("bearer", document.getString("components.securitySchemes.bearer.scheme"));
        assertEquals(List.of("type", "title", "status", "detail", "instance").stream().sorted().toList(),
                document.getMap("components.schemas.Problem.properties").keySet().stream().sorted().toList());
    }
}
