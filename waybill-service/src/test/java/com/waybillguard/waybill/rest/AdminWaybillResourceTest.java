package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.support.TestWaybills;
import com.waybillguard.waybill.support.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class AdminWaybillResourceTest {

    private static final String PROBLEMS = "https://waybill-guard.example/problems/";

    @Inject
    RedisDataSource redis;

    @Test
    void createsWaybillWithGivenNumberAndAuditsWithoutPersonalData() {
        String no = TestWaybills.uniqueNumber();
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(TestWaybills.body(no, "CREATED", "HD-YN", "HD-JZ", "C-1001", null))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(201)
                .body("waybillNo", equalTo(no))
                .body(not(containsString(TestWaybills.SENDER_NAME)));

        List<String> events = TestWaybills.auditEvents(redis).stream()
                .filter(e -> e.contains("\"WAYBILL_CREATED\"") && e.contains(no)).toList();
        assertTrue(events.size() == 1, "one WAYBILL_CREATED event for " + no);
        String event = events.get(0);
        assertTrue(event.contains("\"sub\":\"sub-admin\""), event);
        TestWaybills.noPersonalData().forEach((what, value) ->
                assertFalse(event.contains(value), "audit event carries the " + what));
    }

    @Test
    void generatesNumberWhenAbsent() {
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(TestWaybills.body(null, "CREATED", "HD-YN", "HD-JZ", null, null))
                .when().post("/api/v1/admin/waybills")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/waybills/"))
                .body("waybillNo", matchesPattern("^[A-Z]{2}[0-9]{10,18}$"));
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
