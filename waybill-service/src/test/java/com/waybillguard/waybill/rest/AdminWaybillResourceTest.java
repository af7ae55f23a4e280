package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.support.TestWaybills;
import com.waybillguard.waybill.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AdminWaybillResourceTest {

    private static final String PROBLEMS = "https://waybill-guard.example/problems/";
    private static final String SUSPENDED = "{wg}:account:suspended:";

    @Inject
    RedisDataSource redis;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void createsWaybillWithGivenNumberAndAuditsWithoutPersonalData() throws SQLException {
        String no = TestWaybills.uniqueNumber();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(TestWaybills.body(no, "CREATED", "HD-YN", "HD-JZ", "C-1001", null))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(201)
                .body("waybillNo", equalTo(no))
                .body(not(containsString(TestWaybills.SENDER_NAME)));
        assertEquals(List.of(no, "CREATED", "HD-YN", "HD-JZ", "1200", "DOCUMENTS", "C-1001", "null",
                        TestWaybills.SENDER_NAME, TestWaybills.SENDER_PHONE, TestWaybills.SENDER_DETAIL,
                        TestWaybills.RECEIVER_NAME, TestWaybills.RECEIVER_PHONE, "鸡泽县", "false"),
                storedRow(no), "the stored waybill");

        List<String> events = TestWaybills.auditEvents(redis).stream()
                .filter(e -> e.contains("\"WAYBILL_CREATED\"") && e.contains(no)).toList();
        assertTrue(events.size() == 1, "one WAYBILL_CREATED event for " + no);
        String event = events.get(0);
        assertTrue(event.contains("\"sub\":\"sub-admin\""), event);
        TestWaybills.noPersonalData().forEach((what, value) ->
                assertFalse(event.contains(value), "audit event carries the " + what));
    }

    /** One role per account: an admin that is also a courier could assign parcels to itself and read them. */
    @Test
    void anAdminThatAlsoHoldsAnotherRoleChangesNothing() throws SQLException {
        String no = TestWaybills.uniqueNumber();
        String twoRoles = Tokens.access("sub-admin-courier", "admin.courier", Set.of("admin", "courier"), "HD-JZ",
                "C-1002");
        given().auth().oauth2(twoRoles).contentType(ContentType.JSON)
                .body(TestWaybills.body(no, "CREATED", "HD-YN", "HD-JZ", "C-1002", "C-1002"))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "role-conflict"))
                .body("detail", containsString("courier"));
        assertFalse(isStored(no), "nothing stored");

        String existing = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", "C-1001", null);
        given().auth().oauth2(twoRoles).contentType(ContentType.JSON)
                .body("{\"pickupCourierId\": \"C-1002\", \"deliveryCourierId\": \"C-1002\"}")
                .when().put("/api/v1/admin/waybills/" + existing + "/assignment")
                .then().statusCode(403)
                .body("type", equalTo(PROBLEMS + "role-conflict"));
        assertEquals("C-1001", storedRow(existing).get(6), "assignment unchanged");
    }

    @Test
    void generatesNumberWhenAbsent() throws SQLException {
        Response created = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(TestWaybills.body(null, null, "HD-YN", "HD-JZ", null, null).replace("\"status\": \"null\", ", ""))
                .when().post("/api/v1/admin/waybills");
        created.then().statusCode(201)
                .body("waybillNo", matchesPattern("^WG[0-9]{13}$"));
        String no = created.jsonPath().getString("waybillNo");
        assertTrue(created.header("Location").endsWith("/api/v1/waybills/" + no), created.header("Location"));
        assertEquals("CREATED", storedRow(no).get(1), "the status when none is given");
    }

    private boolean isStored(String waybillNo) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM waybill WHERE waybill_no = ?")) {
            s.setString(1, waybillNo);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Number, status, outlets, weight, category, couriers, sender name/phone/detail, receiver name/phone/district, canary. */
    private List<String> storedRow(String waybillNo) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT waybill_no, status, origin_outlet_id, "
                     + "destination_outlet_id, weight_grams, item_category, pickup_courier_id, delivery_courier_id, "
                     + "sender_name, sender_phone, sender_detail, receiver_name, receiver_phone, receiver_district, "
                     + "canary FROM waybill WHERE waybill_no = ?")) {
            s.setString(1, waybillNo);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), waybillNo + " is stored");
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(String.valueOf(rs.getObject(i)));
                }
                return row;
            }
        }
    }

    @Test
    void duplicateNumberIsConflict() {
        String no = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", null, null);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(TestWaybills.body(no, "CREATED", "HD-YN", "HD-JZ", null, null))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "waybill-exists"))
                .body("status", equalTo(409));
    }

    @Test
    void aWriteWhileTheStreamIsAwayCommitsAndItsEventFollowsWhenTheStreamIsBack() throws SQLException {
        String aside = TestWaybills.STREAM + ":outbox-aside";
        String no = TestWaybills.uniqueNumber();
        redis.key().rename(TestWaybills.STREAM, aside);
        redis.value(String.class).set(TestWaybills.STREAM, "not-a-stream");
        try {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body(TestWaybills.body(no, "CREATED", "HD-YN", "HD-JZ", null, null))
                    .when().post("/api/v1/admin/waybills")
                    .then().statusCode(201);
            assertEquals(1, count("SELECT count(*) FROM audit_outbox WHERE event LIKE ?", "%" + no + "%"),
                    "the event waits in the outbox, committed with the write");
        } finally {
            redis.key().del(TestWaybills.STREAM);
            redis.key().rename(aside, TestWaybills.STREAM);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> TestWaybills.auditEvents(redis).stream()
                .anyMatch(e -> e.contains(no) && e.contains("WAYBILL_CREATED")));
        await().atMost(Duration.ofSeconds(10)).until(() -> count("SELECT count(*) FROM audit_outbox WHERE event LIKE ?", "%" + no + "%") == 0);
    }

    @Test
    void aWriteThatDoesNotCommitLeavesNoEvent() throws SQLException {
        String no = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", null, null);
        long before = TestWaybills.auditEvents(redis).stream().filter(e -> e.contains(no)).count();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(TestWaybills.body(no, "CREATED", "HD-YN", "HD-JZ", null, null))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(409);
        assertEquals(before, TestWaybills.auditEvents(redis).stream().filter(e -> e.contains(no)).count(),
                "a write that was rolled back is not in the audit log");
        assertEquals(0, count("SELECT count(*) FROM audit_outbox WHERE event LIKE ?", "%" + no + "%"));
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void invalidFieldsAreNamedWithoutEchoingValues() {
        String body = TestWaybills.body("bad-number", "CREATED", "hd yn", "HD-JZ", null, null)
                .replace("\"weightGrams\": 1200", "\"weightGrams\": -5")
                .replace("\"name\": \"李雷\"", "\"name\": \"\"");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(body)
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body("detail", containsString("waybillNo"))
                .body("detail", containsString("originOutletId"))
                .body("detail", containsString("weightGrams"))
                .body("detail", containsString("receiver.name"))
                .body("detail", not(containsString("hd yn")));
    }

    @Test
    void unknownOutletsAreRefused() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(TestWaybills.body(null, "CREATED", "HD-XX", "ZZ-99", null, null))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body("detail", containsString("originOutletId must be the id of a known outlet"))
                .body("detail", containsString("destinationOutletId must be the id of a known outlet"))
                .body("detail", not(containsString("HD-XX")));
    }

    @Test
    void everyBadFieldIsListedInOneProblem() {
        String body = """
                {"status": "CREATED", "originOutletId": "HD-YN", "destinationOutletId": " ",
                 "weightGrams": 0, "itemCategory": "docs", "pickupCourierId": "courier one", "deliveryCourierId": "C-1",
                 "sender": {"name": "%s", "phone": "99999",
                            "address": {"province": "", "city": "邯郸市", "district": "%s", "detail": "%s"}},
                 "receiver": {"name": "李*", "phone": "138-1234-567a",
                              "address": {"province": "河北省", "city": "邯郸市"}}}
                """.formatted("张".repeat(65), "区".repeat(33), "号".repeat(201));
        String detail = given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(body)
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body("status", equalTo(400))
                .body("title", equalTo("Invalid request"))
                .extract().path("detail");
        for (String field : List.of("destinationOutletId", "weightGrams", "itemCategory", "pickupCourierId",
                "deliveryCourierId", "sender.name", "sender.phone", "sender.address.province",
                "sender.address.district", "sender.address.detail", "receiver.name", "receiver.phone",
                "receiver.address.district", "receiver.address.detail")) {
            assertTrue(detail.contains(field + " "), field + " in " + detail);
        }
        assertFalse(detail.contains("originOutletId"), detail);
        assertFalse(detail.contains("sender.address.city"), detail);
        assertFalse(detail.contains("99999") || detail.contains("567a") || detail.contains("张张"), detail);
    }

    @Test
    void missingPartiesAndAddressesAreNamed() {
        String body = """
                {"originOutletId": "HD-YN", "destinationOutletId": "HD-JZ", "weightGrams": 10,
                 "itemCategory": "DOCUMENTS", "sender": {"name": "张三", "phone": "13812345678"}}
                """;
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(body)
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(400)
                .body("detail", containsString("sender.address must not be null"))
                .body("detail", containsString("receiver must not be null"));
    }

    @Test
    void landlinesAndFormattedNumbersAreAccepted() {
        String body = TestWaybills.body(null, "CREATED", "XT-LY", "GZ-TH", "C-1011", null)
                .replace(TestWaybills.SENDER_PHONE, "(0310)6812345 转 801")
                .replace(TestWaybills.RECEIVER_PHONE, "0086 139 8765 4321");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(body)
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(body.replace("0086 139 8765 4321", "+1 415 555 0100"))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(400)
                .body("detail", containsString("receiver.phone must be a mobile number"));
    }

    @Test
    void unknownEnumValueIsBadRequest() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(TestWaybills.body(null, "LOST_IN_SPACE", "HD-YN", "HD-JZ", null, null))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body("detail", containsString("status"))
                .body("detail", not(containsString("LOST_IN_SPACE")));
    }

    @Test
    void malformedJsonIsBadRequestProblem() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"waybillNo\": ")
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body(not(containsString("Exception")));
    }

    @Test
    void lifecycleTransitions() {
        String no = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", null, null);
        for (String next : List.of("PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED")) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body("{\"status\": \"" + next + "\"}")
                    .when().put("/api/v1/admin/waybills/" + no + "/status")
                    .then().statusCode(200)
                    .body("status", equalTo(next));
        }
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"status\": \"RETURNED\"}")
                .when().put("/api/v1/admin/waybills/" + no + "/status")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "illegal-status-transition"));
    }

    @Test
    void returnedFromInTransitAndSkippingIsRefused() {
        String no = TestWaybills.create("IN_TRANSIT", "HD-YN", "HD-JZ", null, null);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"status\": \"DELIVERED\"}")
                .when().put("/api/v1/admin/waybills/" + no + "/status")
                .then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"status\": \"RETURNED\"}")
                .when().put("/api/v1/admin/waybills/" + no + "/status")
                .then().statusCode(200).body("status", equalTo("RETURNED"));
        List<String> updates = TestWaybills.auditEvents(redis).stream()
                .filter(e -> e.contains("\"WAYBILL_UPDATED\"") && e.contains(no)).toList();
        assertTrue(updates.size() == 1, "only the applied transition is audited");
    }

    @Test
    void terminalAndRepeatedStatusesAreConflicts() {
        String delivered = TestWaybills.create("DELIVERED", "HD-YN", "HD-JZ", null, null);
        for (String next : List.of("CREATED", "PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED", "RETURNED")) {
            given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                    .body("{\"status\": \"" + next + "\"}")
                    .when().put("/api/v1/admin/waybills/" + delivered + "/status")
                    .then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "illegal-status-transition"))
                    .body("detail", containsString("DELIVERED"));
        }
        String created = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", null, null);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"status\": \"CREATED\"}")
                .when().put("/api/v1/admin/waybills/" + created + "/status")
                .then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"status\": \"RETURNED\"}")
                .when().put("/api/v1/admin/waybills/" + created + "/status")
                .then().statusCode(409);
    }

    @Test
    void statusChangeValidation() {
        String no = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", null, null);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{}")
                .when().put("/api/v1/admin/waybills/" + no + "/status")
                .then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body("detail", containsString("status"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"status\": \"LOST\"}")
                .when().put("/api/v1/admin/waybills/" + no + "/status")
                .then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "invalid-request"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"status\": \"PICKED_UP\"}")
                .when().put("/api/v1/admin/waybills/not-a-number/status")
                .then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "invalid-waybill-number"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"status\": \"PICKED_UP\"}")
                .when().put("/api/v1/admin/waybills/YT9999999999998/status")
                .then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "waybill-not-found"));
    }

    @Test
    void assignmentValidatesCourierIdsAndClears() {
        String no = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", "C-1001", null);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"pickupCourierId\": \"c 1001\", \"deliveryCourierId\": \"C-12\"}")
                .when().put("/api/v1/admin/waybills/" + no + "/assignment")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "invalid-request"))
                .body("detail", containsString("pickupCourierId must be a courier id"))
                .body("detail", containsString("deliveryCourierId must be a courier id"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"pickupCourierId\": null, \"deliveryCourierId\": \"C-1002\"}")
                .when().put("/api/v1/admin/waybills/" + no + "/assignment")
                .then().statusCode(200)
                .body("pickupCourierId", nullValue())
                .body("deliveryCourierId", equalTo("C-1002"));
    }

    @Test
    void assignmentAndUnknownWaybill() {
        String no = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", null, null);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"pickupCourierId\": \"C-1001\", \"deliveryCourierId\": \"C-1002\"}")
                .when().put("/api/v1/admin/waybills/" + no + "/assignment")
                .then().statusCode(200)
                .body("pickupCourierId", equalTo("C-1001"))
                .body("deliveryCourierId", equalTo("C-1002"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"pickupCourierId\": \"C-1001\"}")
                .when().put("/api/v1/admin/waybills/YT9999999999999/assignment")
                .then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "waybill-not-found"));
    }

    @Test
    void suspendedAdminIsRefusedAndNothingIsWritten() {
        String sub = "sub-admin-suspended-" + System.nanoTime();
        String token = Tokens.access(sub, "admin.suspended", "admin", null, null);
        String existing = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", null, null);
        String no = TestWaybills.uniqueNumber();
        redis.value(String.class).set(SUSPENDED + sub, "{\"reason\":\"MANUAL\",\"by\":\"test\",\"at\":\"now\"}");
        try {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(TestWaybills.body(no, "CREATED", "HD-YN", "HD-JZ", null, null))
                    .when().post("/api/v1/admin/waybills")
                    .then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "account-suspended"))
                    .body("title", equalTo("Account suspended"));
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"status\": \"PICKED_UP\"}")
                    .when().put("/api/v1/admin/waybills/" + existing + "/status")
                    .then().statusCode(403)
                    .body("type", equalTo(PROBLEMS + "account-suspended"));
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"pickupCourierId\": \"C-1001\"}")
                    .when().put("/api/v1/admin/waybills/" + existing + "/assignment")
                    .then().statusCode(403)
                    .body("type", equalTo(PROBLEMS + "account-suspended"));
        } finally {
            redis.key().del(SUSPENDED + sub);
        }
        assertTrue(TestWaybills.auditEvents(redis).stream().noneMatch(e -> e.contains(sub)),
                "a refused write appends no write event");
        // nothing was written: the number is free, and the existing waybill may still make its first move
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(TestWaybills.body(no, "CREATED", "HD-YN", "HD-JZ", null, null))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body("{\"status\": \"PICKED_UP\"}")
                .when().put("/api/v1/admin/waybills/" + existing + "/status")
                .then().statusCode(200)
                .body("status", equalTo("PICKED_UP"));
    }

    @Test
    void concurrentWritesOfOneWaybillAnswerOkOrConflictNeverAnError() throws Exception {
        String no = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", null, null);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String courier = "C-" + (3000 + i);
                answers.add(pool.submit(() -> given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                        .body("{\"pickupCourierId\": \"" + courier + "\"}")
                        .when().put("/api/v1/admin/waybills/" + no + "/assignment")));
            }
            int ok = 0;
            for (Future<Response> answer : answers) {
                Response r = answer.get(30, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(409, r.statusCode(), r.asString());
                    assertEquals(PROBLEMS + "concurrent-update", r.jsonPath().getString("type"), r.asString());
                }
            }
            assertTrue(ok >= 1, "at least one of the writes is applied");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherMethodIsMethodNotAllowed() {
        String no = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", null, null);
        given().auth().oauth2(Tokens.admin())
                .when().delete("/api/v1/admin/waybills/" + no + "/status")
                .then().statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "method-not-allowed"))
                .body("title", equalTo("Method not allowed"));
    }

    @Test
    void onlyAdminsMayWrite() {
        given().auth().oauth2(Tokens.clerkJize()).contentType(ContentType.JSON)
                .body(TestWaybills.body(null, "CREATED", "HD-YN", "HD-JZ", null, null))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "forbidden"));
        given().contentType(ContentType.JSON)
                .body(TestWaybills.body(null, "CREATED", "HD-YN", "HD-JZ", null, null))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "unauthorized"));
    }
}
