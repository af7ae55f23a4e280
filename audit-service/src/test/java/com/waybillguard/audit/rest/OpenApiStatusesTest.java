package com.waybillguard.audit.rest;

import com.waybillguard.testsupport.PostgresRedisResource;
import com.waybillguard.testsupport.TestInfrastructure;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.token;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static com.waybillguard.audit.AuditTestSupport.uniqueWaybillNo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document tells the truth about statuses: a table of scenarios drives every operation into every
 * status it can answer; each answered status must be declared for that operation, and each declared status must
 * be answered by some scenario (or be in {@link #NOT_DRIVEN} with the reason).
 */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class OpenApiStatusesTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String EVENTS = "/api/v1/audit/events";
    private static final String TIMELINE = "/api/v1/audit/actors/{actor}/timeline";
    private static final String HISTORY = "/api/v1/audit/waybills/{waybillNo}/history";
    private static final String VERIFY = "/api/v1/audit/verify";
    private static final String CHECKPOINTS = "/api/v1/audit/checkpoints";
    private static final String EXPORT = "/api/v1/audit/export";
    private static final String SUSPEND = "/api/v1/accounts/{sub}/suspend";
    private static final String REINSTATE = "/api/v1/accounts/{sub}/reinstate";
    private static final String ALERTS = "/api/v1/audit/alerts";
    private static final String RESOLVE = "/api/v1/audit/alerts/{id}/resolve";
    private static final List<Operation> OPERATIONS = List.of(
            new Operation("get", EVENTS), new Operation("get", TIMELINE), new Operation("get", HISTORY),
            new Operation("get", VERIFY), new Operation("get", EXPORT), new Operation("get", CHECKPOINTS),
            new Operation("post", CHECKPOINTS),
            new Operation("post", SUSPEND), new Operation("post", REINSTATE), new Operation("get", ALERTS),
            new Operation("post", RESOLVE));

    /**
     * Declared statuses no scenario drives, with the reason:
     * <ul>
     * <li>500 on every operation: an unexpected failure; nothing a client can do provokes it, and the service has
     * no fault injection.</li>
     * </ul>
     * 503 is driven with Redis stopped (every operation reads the caller's suspension key first); a PostgreSQL
     * outage is the other cause, but the test PostgreSQL, shared by the whole test JVM, cannot be restarted.
     */
    private static final Set<String> NOT_DRIVEN = Set.of(
            "get " + EVENTS + " 500", "get " + TIMELINE + " 500", "get " + HISTORY + " 500", "get " + VERIFY + " 500", "get " + EXPORT + " 500",
            "get " + CHECKPOINTS + " 500", "post " + CHECKPOINTS + " 500", "post " + SUSPEND + " 500",
            "post " + REINSTATE + " 500", "get " + ALERTS + " 500", "post " + RESOLVE + " 500");

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    @Inject
    RedisDataSource redis;

    /** One operation of the document: method (lower case, as in OpenAPI) and path template. */
    record Operation(String method, String template) {
        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** A request that drives {@code operation} into {@code status} (and, when {@code slug} is given, that problem type). */
    record Scenario(Operation operation, int status, String slug, String why, String path, UnaryOperator<RequestSpecification> request) {
        Scenario(Operation operation, int status, String why, String path, UnaryOperator<RequestSpecification> request) {
            this(operation, status, null, why, path, request);
        }
    }

    private static Operation op(String method, String template) {
        return OPERATIONS.stream().filter(o -> o.method().equals(method) && o.template().equals(template)).findFirst().orElseThrow();
    }

    private static Scenario scenario(String method, String template, int status, String why, String path,
                                     UnaryOperator<RequestSpecification> request) {
        return new Scenario(op(method, template), status, why, path, request);
    }

    /** Statuses of every operation the table below drives with any valid path, by authentication and Accept. */
    private static List<Scenario> common(Operation operation, String path, String suspendedAuditor) {
        String clerk = token("sub-clerk-openapi", "clerk.openapi", "clerk");
        return List.of(
                new Scenario(operation, 401, "unauthorized", "no token", path, r -> r),
                new Scenario(operation, 401, "unauthorized", "a token that is not a JWT", path, r -> r.auth().oauth2("not-a-token")),
                new Scenario(operation, 403, "forbidden", "a clerk's token", path, r -> r.auth().oauth2(clerk)),
                new Scenario(operation, 403, "account-suspended", "a suspended auditor", path, r -> r.auth().oauth2(suspendedAuditor)),
                new Scenario(operation, 406, "not-acceptable", "Accept: text/csv", path, r -> r.auth().oauth2(auditor()).accept("text/csv")));
    }

    private List<Scenario> scenarios(String suspendedAuditor, String alertId) {
        String actor = unique("actor-openapi");
        String waybillNo = uniqueWaybillNo();
        String sub = unique("sub-openapi");
        String timeline = "/api/v1/audit/actors/" + actor + "/timeline";
        String history = "/api/v1/audit/waybills/" + waybillNo + "/history";
        String suspend = "/api/v1/accounts/" + sub + "/suspend";
        String reinstate = "/api/v1/accounts/" + sub + "/reinstate";
        String resolve = "/api/v1/audit/alerts/" + alertId + "/resolve";
        String comment = "{\"comment\":\"openapi test\"}";
        List<Scenario> table = new ArrayList<>(List.of(
                scenario("get", EVENTS, 200, "a search", EVENTS, r -> r.auth().oauth2(auditor()).queryParam("size", 1)),
                scenario("get", EVENTS, 400, "size 0", EVENTS, r -> r.auth().oauth2(auditor()).queryParam("size", 0)),
                scenario("get", EVENTS, 400, "page and cursor", EVENTS, r -> r.auth().oauth2(auditor())
                        .queryParam("page", 1).queryParam("cursor", "2026-11-28T10:00:00Z_5")),
                scenario("get", TIMELINE, 200, "an actor's timeline", timeline, r -> r.auth().oauth2(auditor())),
                scenario("get", TIMELINE, 400, "decision MAYBE", timeline, r -> r.auth().oauth2(auditor()).queryParam("decision", "MAYBE")),
                scenario("get", HISTORY, 200, "a waybill's history", history, r -> r.auth().oauth2(auditor())),
                scenario("get", HISTORY, 400, "from not an instant", history, r -> r.auth().oauth2(auditor()).queryParam("from", "yesterday")),
                scenario("get", VERIFY, 200, "verify seq 1", VERIFY, r -> r.auth().oauth2(auditor()).queryParam("fromSeq", 1).queryParam("toSeq", 1)),
                scenario("get", VERIFY, 400, "fromSeq above toSeq", VERIFY, r -> r.auth().oauth2(auditor())
                        .queryParam("fromSeq", 5).queryParam("toSeq", 2)),
                scenario("get", EXPORT, 200, "export seq 1", EXPORT, r -> r.auth().oauth2(auditor()).queryParam("fromSeq", 1).queryParam("toSeq", 1)),
                scenario("get", EXPORT, 400, "a range beyond the chain", EXPORT, r -> r.auth().oauth2(auditor())
                        .queryParam("fromSeq", 1).queryParam("toSeq", Long.MAX_VALUE / 2)),
                scenario("get", CHECKPOINTS, 200, "list checkpoints", CHECKPOINTS, r -> r.auth().oauth2(auditor())),
                scenario("get", CHECKPOINTS, 400, "page -1", CHECKPOINTS, r -> r.auth().oauth2(auditor()).queryParam("page", -1)),
                scenario("post", CHECKPOINTS, 201, "sign a checkpoint", CHECKPOINTS, r -> r.auth().oauth2(auditor())),
                scenario("post", SUSPEND, 200, "suspend with a reason", suspend, r -> r.auth().oauth2(auditor())
                        .contentType("application/json").body("{\"reason\":\"openapi test\"}")),
                scenario("post", SUSPEND, 400, "a body that is not JSON", suspend, r -> r.auth().oauth2(auditor())
                        .contentType("application/json").body("{not json")),
                scenario("post", REINSTATE, 200, "reinstate without a body", reinstate, r -> r.auth().oauth2(auditor())),
                scenario("post", REINSTATE, 400, "a reason above 500 characters", reinstate, r -> r.auth().oauth2(auditor())
                        .contentType("application/json").body("{\"reason\":\"" + "x".repeat(501) + "\"}")),
                new Scenario(op("post", SUSPEND), 403, "forbidden", "the caller's own account",
                        "/api/v1/accounts/sub-auditor-zhou/suspend", r -> r.auth().oauth2(auditor())),
                new Scenario(op("post", REINSTATE), 403, "forbidden", "the caller's own account",
                        "/api/v1/accounts/sub-auditor-zhou/reinstate", r -> r.auth().oauth2(auditor())),
                scenario("get", ALERTS, 200, "open alerts", ALERTS, r -> r.auth().oauth2(auditor()).queryParam("status", "OPEN")),
                scenario("get", ALERTS, 400, "status CLOSED", ALERTS, r -> r.auth().oauth2(auditor()).queryParam("status", "CLOSED")),
                scenario("post", RESOLVE, 200, "resolve an open alert", resolve, r -> r.auth().oauth2(auditor())
                        .contentType("application/json").body(comment)),
                new Scenario(op("post", RESOLVE), 409, "alert-resolved", "resolve it again", resolve, r -> r.auth().oauth2(auditor())
                        .contentType("application/json").body(comment)),
                new Scenario(op("post", RESOLVE), 404, "not-found", "an alert nobody raised",
                        "/api/v1/audit/alerts/" + java.util.UUID.randomUUID() + "/resolve",
                        r -> r.auth().oauth2(auditor()).contentType("application/json").body(comment)),
                scenario("post", RESOLVE, 400, "an id that is not a UUID", "/api/v1/audit/alerts/42/resolve",
                        r -> r.auth().oauth2(auditor()).contentType("application/json").body(comment)),
                scenario("post", RESOLVE, 400, "no comment", resolve, r -> r.auth().oauth2(auditor())
                        .contentType("application/json").body("{}"))));
        table.addAll(common(op("get", EVENTS), EVENTS, suspendedAuditor));
        table.addAll(common(op("get", TIMELINE), timeline, suspendedAuditor));
        table.addAll(common(op("get", HISTORY), history, suspendedAuditor));
        table.addAll(common(op("get", VERIFY), VERIFY, suspendedAuditor));
        table.addAll(common(op("get", EXPORT), EXPORT, suspendedAuditor));
        table.addAll(common(op("get", CHECKPOINTS), CHECKPOINTS, suspendedAuditor));
        table.addAll(common(op("post", CHECKPOINTS), CHECKPOINTS, suspendedAuditor));
        table.addAll(common(op("post", SUSPEND), suspend, suspendedAuditor));
        table.addAll(common(op("post", REINSTATE), reinstate, suspendedAuditor));
        table.addAll(common(op("get", ALERTS), ALERTS, suspendedAuditor));
        table.addAll(common(op("post", RESOLVE), resolve, suspendedAuditor));
        return table;
    }

    /** With Redis away every operation fails closed: the caller's suspension cannot be checked. */
    private List<Scenario> withoutRedis() {
        String sub = unique("sub-openapi-down");
        List<Scenario> table = new ArrayList<>();
        for (Operation operation : OPERATIONS) {
            String path = operation.template().replace("{actor}", "someone").replace("{waybillNo}", uniqueWaybillNo())
                    .replace("{sub}", sub).replace("{id}", java.util.UUID.randomUUID().toString());
            table.add(new Scenario(operation, 503, "service-unavailable", "Redis stopped", path, r -> r.auth().oauth2(auditor())));
        }
        return table;
    }

    @Test
    void everyAnsweredStatusIsDeclaredAndEveryDeclaredStatusIsAnswered() throws Exception {
        JsonPath document = given().accept("application/json").when().get(openapi).then().statusCode(200).extract().jsonPath();
        Map<String, Set<String>> declared = new TreeMap<>();
        for (Operation operation : OPERATIONS) {
            Map<String, Object> responses = document.getMap("paths.'" + operation.template() + "'." + operation.method() + ".responses");
            assertTrue(responses != null && !responses.isEmpty(), operation + " is not in the document");
            declared.put(operation.toString(), new TreeSet<>(responses.keySet()));
        }
        Map<String, Object> paths = document.getMap("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, item) -> ((Map<?, ?>) item).keySet().forEach(method -> documented.add(method + " " + path)));
        assertEquals(new TreeSet<>(declared.keySet()), documented, "the operations of the document");
        assertDescribed(document);

        List<String> failures = new ArrayList<>();
        Set<String> answered = new TreeSet<>();
        String suspendedSub = unique("sub-auditor-suspended");
        String suspendedAuditor = token(suspendedSub, "auditor.suspended", "auditor");
        given().auth().oauth2(auditor()).post("/api/v1/accounts/" + suspendedSub + "/suspend").then().statusCode(200);
        String alertId = java.util.UUID.randomUUID().toString();
        String alerted = unique("sub-openapi-alerted");
        redis.stream(String.class).xadd(com.waybillguard.audit.AuditTestSupport.STREAM, com.waybillguard.audit.AuditTestSupport.entry(
                com.waybillguard.audit.AuditTestSupport.gatewayAlert(alertId, java.time.Instant.now(), alerted, "clerk.alerted",
                        List.of())));
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(auditor()).queryParam("actor", alerted)
                .get(ALERTS).then().extract().jsonPath().getList("items.id").contains(alertId));
        try {
            for (Scenario scenario : scenarios(suspendedAuditor, alertId)) {
                run(scenario, declared, answered, failures);
            }
        } finally {
            given().auth().oauth2(auditor()).post("/api/v1/accounts/" + suspendedSub + "/reinstate").then().statusCode(200);
        }
        var server = TestInfrastructure.redis();
        server.stop();
        try {
            for (Scenario scenario : withoutRedis()) {
                run(scenario, declared, answered, failures);
            }
        } finally {
            server.restart();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> redis.value(String.class).get("openapi-probe") == null);
        }

        for (Map.Entry<String, Set<String>> operation : declared.entrySet()) {
            for (String status : operation.getValue()) {
                String key = operation.getKey() + " " + status;
                if (!answered.contains(key) && !NOT_DRIVEN.contains(key)) {
                    failures.add(key + " is declared but no scenario answers it");
                }
                if (answered.contains(key) && NOT_DRIVEN.contains(key)) {
                    failures.add(key + " is answered by a scenario: take it off NOT_DRIVEN");
                }
            }
        }
        for (String key : NOT_DRIVEN) {
            String operation = key.substring(0, key.lastIndexOf(' '));
            if (!declared.getOrDefault(operation, Set.of()).contains(key.substring(key.lastIndexOf(' ') + 1))) {
                failures.add(key + " is on NOT_DRIVEN but not declared");
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /**
     * Every operation requires the bearer scheme; every response is described, an error as a problem (a reference
     * that resolves to a response with the {@code Problem} schema), a success as JSON with a schema (the export:
     * NDJSON).
     */
    private static void assertDescribed(JsonPath document) {
        assertEquals("http", document.getString("components.securitySchemes.bearer.type"));
        assertEquals("bearer", document.getString("components.securitySchemes.bearer.scheme"));
        assertEquals(List.of("type", "title", "status"), document.getList("components.schemas.Problem.required"));
        List<String> failures = new ArrayList<>();
        for (Operation operation : OPERATIONS) {
            String at = "paths.'" + operation.template() + "'." + operation.method();
            List<Map<String, Object>> security = document.getList(at + ".security");
            if (security == null || security.stream().noneMatch(requirement -> requirement.containsKey("bearer"))) {
                failures.add(operation + " does not require the bearer scheme");
            }
            Map<String, Map<String, Object>> responses = document.getMap(at + ".responses");
            responses.forEach((status, response) -> {
                Object ref = response.get("$ref");
                String path = ref == null ? at + ".responses.'" + status + "'"
                        : "components.responses." + String.valueOf(ref).substring("#/components/responses/".length());
                Map<String, Object> resolved = document.getMap(path);
                String where = operation + " " + status;
                if (resolved == null) {
                    failures.add(where + " refers to a response that is not in the document: " + ref);
                    return;
                }
                if (resolved.get("description") == null || String.valueOf(resolved.get("description")).isBlank()) {
                    failures.add(where + " has no description");
                }
                if (status.startsWith("2") && EXPORT.equals(operation.template())) {
                    // the export is NDJSON, one object per line: described as text, not as one JSON schema
                    if (document.getString(path + ".content.'application/x-ndjson'.schema.type") == null) {
                        failures.add(where + " has no application/x-ndjson schema: " + resolved);
                    }
                    return;
                }
                String mediaType = status.startsWith("2") ? "application/json" : PROBLEM;
                String schema = document.getString(path + ".content.'" + mediaType + "'.schema.$ref");
                if (schema == null || (!status.startsWith("2") && !"#/components/schemas/Problem".equals(schema))) {
                    failures.add(where + " has no " + mediaType + " schema" + (status.startsWith("2") ? "" : " Problem") + ": " + resolved);
                }
            });
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private void run(Scenario scenario, Map<String, Set<String>> declared, Set<String> answered, List<String> failures) {
        RequestSpecification request = scenario.request().apply(given());
        Response response = scenario.operation().method().equals("get") ? request.get(scenario.path()) : request.post(scenario.path());
        int status = response.statusCode();
        String label = scenario.operation() + " (" + scenario.why() + ")";
        answered.add(scenario.operation() + " " + status);
        if (status != scenario.status()) {
            failures.add(label + " answered " + status + ", expected " + scenario.status() + ": " + response.asString());
        }
        if (!declared.get(scenario.operation().toString()).contains(String.valueOf(status))) {
            failures.add(label + " answered " + status + ", which the document does not declare");
        }
        if (status == 401 && !"Bearer".equals(response.header("WWW-Authenticate"))) {
            failures.add(label + " answered 401 without WWW-Authenticate: Bearer");
        }
        if (status >= 400) {
            String contentType = response.contentType();
            JsonPath problem = JsonPath.from(response.asString());
            String type = "https://waybill-guard.example/problems/" + (scenario.slug() == null ? "" : scenario.slug());
            if (contentType == null || !contentType.startsWith(PROBLEM) || problem.getInt("status") != status
                    || !(scenario.slug() == null ? problem.getString("type").startsWith(type) : problem.getString("type").equals(type))) {
                failures.add(label + " is not a problem " + type + " of status " + status + ": " + contentType + " " + response.asString());
            }
        }
    }
}
