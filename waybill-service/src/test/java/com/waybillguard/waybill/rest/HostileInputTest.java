package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.support.GrantBuilder;
import com.waybillguard.waybill.support.TestWaybills;
import com.waybillguard.waybill.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input straight at waybill-service, as a compromised pod would send it: malformed, oversized and mistyped
 * bodies, wrong content types, huge headers, path traversal and encoding tricks in waybill numbers, look-alike
 * letters and digits, control characters, and injection strings in every field. Each is a 4xx RFC 9457 problem that
 * shows no internals and none of the waybill's personal data, and changes nothing: no row, no redemption, no event
 * but the refusal's.
 */
@QuarkusTest
class HostileInputTest {

    private static final String DEVICE = "device-hostile-1";
    private static final String SUB = "sub-clerk-hostile";
    private static final RestAssuredConfig RAW = RestAssuredConfig.config().encoderConfig(
            EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RedisDataSource redis;

    /**
     * One hostile request. {@code bare}: the status the HTTP layer answers before the application, without a problem
     * body (413 for a body above {@code quarkus.http.limits.max-body-size}); 0: a problem is expected.
     */
    private record Case(String name, UnaryOperator<RequestSpecification> request, String method, String path, int bare) {
        Case(String name, UnaryOperator<RequestSpecification> request, String method, String path) {
            this(name, request, method, path, 0);
        }
    }

    @Test
    void hostileReadsAreProblemsThatSpendAndShowNothing() throws SQLException {
        String waybillNo = TestWaybills.create("IN_TRANSIT", "HD-YN", "HD-JZ", "C-1001", "C-1002");
        String token = Tokens.access(SUB, "clerk.hostile", "clerk", "HD-JZ", null);
        String jti = java.util.UUID.randomUUID().toString();
        String grant = GrantBuilder.grant(SUB, "clerk", waybillNo, "COUNTER_INQUIRY", DEVICE).outlet("HD-JZ").jti(jti)
                .sign();
        java.util.function.BiFunction<String, String, UnaryOperator<RequestSpecification>> as = (device, withGrant) ->
                r -> r.auth().oauth2(token).header("X-Device-Id", device).header("X-Access-Grant", withGrant);
        UnaryOperator<RequestSpecification> reader = as.apply(DEVICE, grant);
        String base = "/api/v1/waybills/";
        List<Case> cases = new ArrayList<>();
        for (String number : List.of("..%2F..%2Fadmin%2Fwaybills", "%2e%2e", "%252e%252e%252f", waybillNo + "%00",
                waybillNo + "%0A", waybillNo + "%20", "%20" + waybillNo, waybillNo.toLowerCase(),
                // full-width letters and digits, Cyrillic look-alikes, Arabic-Indic digits, a zero-width space
                "ＹＴ１２３４５６７８９０１２３", "УТ1234567890123", "YT١٢٣٤٥٦٧٨٩٠١٢٣", "YT123456\u200B7890123",
                waybillNo + "'%20OR%20'1'='1", waybillNo + "%22%7D", "YT" + "1".repeat(19), "YT123", "A".repeat(2000))) {
            cases.add(new Case("waybill number " + number, reader, "GET", base + number));
        }
        cases.add(new Case("device id of 10 000 characters", as.apply("d".repeat(10_000), grant), "GET",
                base + waybillNo));
        cases.add(new Case("full-width device id", as.apply("ｄｅｖｉｃｅ-ｈｏｓｔｉｌｅ", grant), "GET", base + waybillNo));
        cases.add(new Case("device id with a traversal", as.apply("../../../../etc", grant), "GET", base + waybillNo));
        cases.add(new Case("grant of 15 000 characters", as.apply(DEVICE, "a".repeat(15_000)), "GET", base + waybillNo));
        cases.add(new Case("Accept: text/html only", r -> reader.apply(r).accept("text/html"), "GET", base + waybillNo));
        cases.add(new Case("a body on a read", r -> reader.apply(r).contentType("application/json")
                .body("{\"waybillNo\":\"" + waybillNo + "\",\"role\":\"admin\"}"), "DELETE", base + waybillNo));

        List<String> wrong = check(cases);
        assertTrue(wrong.isEmpty(), "hostile reads not refused cleanly:\n" + String.join("\n", wrong));
        assertTrue(!redis.key().exists("{wg}:grant:jti:" + jti), "no hostile read spent the grant");
        reader.apply(given()).get(base + waybillNo).then().statusCode(200);
    }

    /**
     * A header block beyond {@code quarkus.http.limits.max-header-size} (20 KB) is refused by the HTTP codec below
     * the application, with a bare 431 and no body: Quarkus gives the application no hook there (README, "Decisions").
     * It is refused all the same, before authentication, and spends nothing.
     */
    @Test
    void aHeaderBlockBeyondTheLimitIsRefusedBeforeAnythingRuns() {
        String waybillNo = TestWaybills.create("IN_TRANSIT", "HD-YN", "HD-JZ", "C-1001", "C-1002");
        String token = Tokens.access(SUB, "clerk.hostile", "clerk", "HD-JZ", null);
        String jti = java.util.UUID.randomUUID().toString();
        String grant = GrantBuilder.grant(SUB, "clerk", waybillNo, "COUNTER_INQUIRY", DEVICE).outlet("HD-JZ").jti(jti)
                .sign();
        RequestSpecification many = given().auth().oauth2(token).header("X-Device-Id", DEVICE)
                .header("X-Access-Grant", grant);
        for (int i = 0; i < 200; i++) {
            many.header("X-Filler-" + i, "x".repeat(100));
        }
        many.get("/api/v1/waybills/" + waybillNo).then().statusCode(431);
        given().auth().oauth2(token).header("X-Device-Id", DEVICE).header("X-Access-Grant", grant)
                .header("X-Filler", "x".repeat(60_000)).get("/api/v1/waybills/" + waybillNo).then().statusCode(431);
        assertTrue(!redis.key().exists("{wg}:grant:jti:" + jti), "the grant was not spent");
    }

    @Test
    void hostileWritesAreProblemsAndStoreNothing() throws SQLException {
        String admin = Tokens.admin();
        UnaryOperator<RequestSpecification> json = r -> r.auth().oauth2(admin).contentType("application/json");
        String create = "/api/v1/admin/waybills";
        String good = TestWaybills.body(TestWaybills.uniqueNumber(), "CREATED", "HD-YN", "HD-JZ", null, null);
        List<Case> cases = new ArrayList<>();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("an open brace", "{");
        bodies.put("an array", "[]");
        bodies.put("null", "null");
        bodies.put("a string", "\"waybill\"");
        bodies.put("a number", "42");
        bodies.put("a party as a string", "{\"sender\": \"x\"}");
        bodies.put("10 000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000));
        bodies.put("negative weight", good.replace("\"weightGrams\": 1200", "\"weightGrams\": -1"));
        bodies.put("weight 1e30", good.replace("\"weightGrams\": 1200", "\"weightGrams\": 1e30"));
        bodies.put("weight beyond long", good.replace("\"weightGrams\": 1200", "\"weightGrams\": 99999999999999999999999"));
        bodies.put("weight with SQL", good.replace("\"weightGrams\": 1200", "\"weightGrams\": \"1200; DROP TABLE waybill\""));
        bodies.put("unknown status", good.replace("\"status\": \"CREATED\"", "\"status\": \"DELETED\""));
        bodies.put("status as an operator object", good.replace("\"status\": \"CREATED\"", "\"status\": {\"$ne\": null}"));
        bodies.put("outlet as a traversal", good.replace("\"originOutletId\": \"HD-YN\"", "\"originOutletId\": \"../../etc/passwd\""));
        bodies.put("outlet with SQL", good.replace("\"originOutletId\": \"HD-YN\"", "\"originOutletId\": \"HD-YN' OR '1'='1\""));
        bodies.put("category with markup", good.replace("\"itemCategory\": \"DOCUMENTS\"", "\"itemCategory\": \"documents<script>\""));
        bodies.put("courier with SQL", good.replace("\"pickupCourierId\": null", "\"pickupCourierId\": \"C-1001' --\""));
        bodies.put("canary as a string", good.replace("\"weightGrams\": 1200", "\"weightGrams\": 1200, \"canary\": \"yes\""));
        bodies.put("a NUL in a name", good.replace(TestWaybills.SENDER_NAME, "张\\u0000三"));
        bodies.put("a lone surrogate in a name", good.replace(TestWaybills.SENDER_NAME, "张\\ud800三"));
        bodies.put("a direction override in a name", good.replace(TestWaybills.SENDER_NAME, "张\\u202e三"));
        bodies.put("a zero-width space in an address", good.replace(TestWaybills.SENDER_DETAIL, "\\u200b"));
        bodies.put("an escape sequence in a name", good.replace(TestWaybills.SENDER_NAME, "张\\u001b[31m三"));
        bodies.put("a name of 65 characters", good.replace(TestWaybills.SENDER_NAME, "x".repeat(65)));
        bodies.put("a full-width phone", good.replace(TestWaybills.SENDER_PHONE, "１３８１２３４５６７８"));
        bodies.put("a phone with SQL", good.replace(TestWaybills.SENDER_PHONE, "+86 138-1234-5678' OR 1=1"));
        bodies.put("a full-width waybill number", good.replace("\"waybillNo\": \"", "\"waybillNo\": \"ＹＴ"));
        bodies.forEach((label, body) -> cases.add(new Case("create: " + label, r -> json.apply(r).body(body), "POST",
                create)));
        cases.add(new Case("create: 2 MB of JSON", r -> json.apply(r).body("{\"a\":\"" + "x".repeat(2_000_000) + "\"}"),
                "POST", create, 413));
        cases.add(new Case("create: 100 000 nested arrays", r -> json.apply(r)
                .body("[".repeat(100_000) + "]".repeat(100_000)), "POST", create, 413));
        cases.add(new Case("text/plain", r -> r.auth().oauth2(admin).contentType("text/plain").body(good), "POST", create));
        cases.add(new Case("form", r -> r.auth().oauth2(admin).contentType("application/x-www-form-urlencoded")
                .body("waybillNo=YT1234567890123"), "POST", create));
        cases.add(new Case("no content type", r -> r.auth().oauth2(admin).body(good.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), "POST", create));
        String existing = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", "C-1001", null);
        for (String body : List.of("{\"status\": \"created\"}", "{\"status\": null}", "{\"status\": [\"PICKED_UP\"]}",
                "{\"status\": \"PICKED_UP\"", "")) {
            cases.add(new Case("status " + body, r -> json.apply(r).body(body), "PUT",
                    "/api/v1/admin/waybills/" + existing + "/status"));
        }
        for (String body : List.of("{\"pickupCourierId\": \"C-1\"}", "{\"pickupCourierId\": \"C-1001\\n\"}",
                "{\"deliveryCourierId\": 1002}", "{\"pickupCourierId\": \"ｃ-1001\"}")) {
            cases.add(new Case("assignment " + body, r -> json.apply(r).body(body), "PUT",
                    "/api/v1/admin/waybills/" + existing + "/assignment"));
        }
        cases.add(new Case("status of a traversal path", r -> json.apply(r).body("{\"status\":\"PICKED_UP\"}"), "PUT",
                "/api/v1/admin/waybills/..%2F" + existing + "/status"));

        long rows = rows();
        List<String> wrong = check(cases);
        assertTrue(wrong.isEmpty(), "hostile writes not refused cleanly:\n" + String.join("\n", wrong));
        assertEquals(rows, rows(), "no hostile write stored a waybill");
        assertEquals(List.of("CREATED", "C-1001"), statusAndPickup(existing), "no hostile write changed a waybill");
    }

    /** SQL and JSON look-alikes in free text are data: stored and masked as such, never run or parsed. */
    @Test
    void injectionStringsInFreeTextAreStoredAsTheText() throws SQLException {
        String no = TestWaybills.uniqueNumber();
        String name = "罗'); DROP TABLE waybill; --";
        String detail = "\"}, \"canary\": true, \"x\": {\"y\": \"";
        String body = TestWaybills.body(no, "CREATED", "HD-YN", "HD-JZ", null, null)
                .replace(TestWaybills.SENDER_NAME, name.replace("\"", "\\\""))
                .replace(TestWaybills.SENDER_DETAIL, detail.replace("\"", "\\\""));
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(body)
                .post("/api/v1/admin/waybills").then().statusCode(201);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT sender_name, sender_detail, canary FROM waybill WHERE waybill_no = ?")) {
            s.setString(1, no);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(name, rs.getString(1));
                assertEquals(detail, rs.getString(2));
                assertEquals(false, rs.getBoolean(3), "the detail did not make it a canary");
            }
        }
        assertTrue(rows() > 0, "the table is still there");
    }

    private static List<String> check(List<Case> cases) {
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Response response;
            try {
                response = c.request().apply(given().config(RAW)).request(c.method(), c.path());
            } catch (Exception e) {
                // the HTTP layer may answer 413 and close the connection while the client still sends the body
                if (c.bare() == 413 && (e instanceof java.net.SocketException
                        || e.getCause() instanceof java.net.SocketException)) {
                    continue;
                }
                throw e;
            }
            String body = response.asString();
            String type = response.contentType();
            boolean problem = type != null && type.startsWith("application/problem+json")
                    && body.contains("\"type\"") && body.contains("\"title\"") && body.contains("\"status\"");
            if (c.bare() != 0 ? response.statusCode() != c.bare()
                    : response.statusCode() < 400 || response.statusCode() >= 500 || !problem
                    || body.contains("Exception") || body.contains("\tat ") || body.contains("org.")
                    || body.contains(TestWaybills.SENDER_DETAIL) || body.contains("1234-5678")) {
                wrong.add(c.name() + " " + c.method() + " " + abbreviated(c.path()) + ": " + response.statusCode()
                        + " " + type + " " + abbreviated(body));
            }
        }
        return wrong;
    }

    private long rows() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM waybill");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> statusAndPickup(String waybillNo) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT status, pickup_courier_id FROM waybill WHERE waybill_no = ?")) {
            s.setString(1, waybillNo);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                return List.of(rs.getString(1), String.valueOf(rs.getString(2)));
            }
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…(" + text.length() + " chars)";
    }
}
