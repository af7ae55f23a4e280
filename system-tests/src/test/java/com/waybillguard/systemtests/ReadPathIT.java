package com.waybillguard.systemtests;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The end-to-end read path as a client drives it: Keycloak token, grant from the gateway, masked
 * view from waybill-service through the gateway, and the auditor finding the read in the log.
 */
@ExtendWith(RunningStack.class)
class ReadPathIT {

    private static final String PROBLEM = "application/problem+json";
    private static final String CLERK_JZ_DEVICE = "counter-jz-01";

    private static String inTransitToJize;
    private static String elsewhere;

    @BeforeAll
    static void createWaybills() {
        inTransitToJize = createWaybill("HD-YN", "HD-JZ", "张三丰", "13812345678", "李雷", "139 8765 4321");
        setStatus(inTransitToJize, "PICKED_UP");
        setStatus(inTransitToJize, "IN_TRANSIT");
        elsewhere = createWaybill("XT-LY", "HD-WA", "王小明", "13700001111", "赵敏", "13600002222");
    }

    @Test
    void clerkAtTheDestinationSeesTheInquiryViewMaskedAndTheReadIsAudited() {
        String clerk = RunningStack.token("clerk.jize");
        String grant = grant(clerk, CLERK_JZ_DEVICE, inTransitToJize, "COUNTER_INQUIRY")
                .then().statusCode(201)
                .header("RateLimit-Limit", notNullValue())
                .header("RateLimit-Remaining", notNullValue())
                .header("RateLimit-Reset", notNullValue())
                .body("waybillNo", equalTo(inTransitToJize))
                .body("purpose", equalTo("COUNTER_INQUIRY"))
                .extract().path("grant");

        read(clerk, grant, CLERK_JZ_DEVICE, inTransitToJize)
                .then().statusCode(200)
                .body("waybillNo", equalTo(inTransitToJize))
                .body("status", equalTo("IN_TRANSIT"))
                .body("view", equalTo("COUNTER_INQUIRY"))
                .body("sender.name", equalTo("张**"))
                .body("sender.phone", equalTo("*******5678"))
                .body("receiver.name", equalTo("李*"))
                .body("receiver.phone", equalTo("*******4321"))
                .body("sender.address.district", notNullValue())
                .body("sender.address", not(hasKey("detail")))
                .body("receiver.address", not(hasKey("detail")))
                .body("disclosure", aMapWithSize(12))
                .body("disclosure.'sender.address.detail'", equalTo("HIDDEN"))
                .body("disclosure.'receiver.name'", equalTo("MASKED"));

        read(clerk, grant, CLERK_JZ_DEVICE, inTransitToJize)
                .then().statusCode(403).contentType(PROBLEM)
                .body("type", endsWith("/grant-replayed"));

        String auditor = RunningStack.token("auditor.zhou");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(auditor)
                        .queryParam("actor", "clerk.jize")
                        .queryParam("waybillNo", inTransitToJize)
                        .get("/api/v1/audit/events")
                        .then().statusCode(200)
                        .body("items.action", hasItem("WAYBILL_READ"))
                        .body("items.action", hasItem("GRANT_ISSUED"))
                        .body("items.decision", hasItem("DENY"))
                        .body("items.find { it.action == 'WAYBILL_READ' }.view", equalTo("COUNTER_INQUIRY"))
                        .body("items.find { it.action == 'WAYBILL_READ' }.deviceId", equalTo(CLERK_JZ_DEVICE)));
    }

    @Test
    void clerkWithoutRelationToTheParcelGetsOnlyTracking() {
        String clerk = RunningStack.token("clerk.jize");
        String grant = grant(clerk, CLERK_JZ_DEVICE, elsewhere, "COUNTER_INQUIRY")
                .then().statusCode(201).extract().path("grant");

        read(clerk, grant, CLERK_JZ_DEVICE, elsewhere)
                .then().statusCode(200)
                .body("view", equalTo("TRACKING"))
                .body("sender.address.province", notNullValue())
                .body("sender.address.city", notNullValue())
                .body("sender", not(hasKey("name")))
                .body("sender", not(hasKey("phone")))
                .body("receiver", not(hasKey("name")))
                .body("receiver.address", not(hasKey("district")))
                .body("disclosure.'receiver.phone'", equalTo("HIDDEN"));
    }

    @Test
    void aGrantIsBoundToItsAccountDeviceAndWaybill() {
        String jize = RunningStack.token("clerk.jize");
        String grant = grant(jize, CLERK_JZ_DEVICE, inTransitToJize, "COUNTER_INQUIRY")
                .then().statusCode(201).extract().path("grant");

        read(RunningStack.token("clerk.yongnian"), grant, "counter-yn-01", inTransitToJize)
                .then().statusCode(403).contentType(PROBLEM);
        read(jize, grant, "another-device-9", inTransitToJize)
                .then().statusCode(403).contentType(PROBLEM);
        read(jize, grant, CLERK_JZ_DEVICE, elsewhere)
                .then().statusCode(403).contentType(PROBLEM);
        read(jize, grant.substring(0, grant.length() - 4) + "AAAA", CLERK_JZ_DEVICE, inTransitToJize)
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void refusalsAreProblems() {
        given().contentType(ContentType.JSON).header("X-Device-Id", CLERK_JZ_DEVICE)
                .body(Map.of("waybillNo", inTransitToJize, "purpose", "COUNTER_INQUIRY"))
                .post("/api/v1/grants")
                .then().statusCode(401);

        grant(RunningStack.token("clerk.jize"), CLERK_JZ_DEVICE, inTransitToJize, "DELIVERY")
                .then().statusCode(403).contentType(PROBLEM)
                .body("status", equalTo(403))
                .body("title", notNullValue());

        grant(RunningStack.token("clerk.jize"), CLERK_JZ_DEVICE, "not-a-waybill", "COUNTER_INQUIRY")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("detail", notNullValue())
                .body("type", startsWith("http"));

        given().auth().oauth2(RunningStack.token("clerk.jize"))
                .header("X-Device-Id", CLERK_JZ_DEVICE).header("X-Access-Grant", "x.y.z")
                .get("/api/v1/waybills/{no}", "yt123")
                .then().statusCode(400).contentType(PROBLEM);

        given().auth().oauth2(RunningStack.token("cs.li"))
                .get("/api/v1/audit/events")
                .then().statusCode(403).contentType(PROBLEM)
                .body("trace", nullValue());
    }

    @Test
    void theSeededDemoWaybillAnswersTheTour() {
        String clerk = RunningStack.token("clerk.jize");
        String grant = grant(clerk, CLERK_JZ_DEVICE, "YT0000000001", "COUNTER_INQUIRY")
                .then().statusCode(201).extract().path("grant");
        read(clerk, grant, CLERK_JZ_DEVICE, "YT0000000001")
                .then().statusCode(200)
                .body("view", equalTo("COUNTER_INQUIRY"))
                .body("sender.phone", matchesPattern("^\\*+[0-9]{4}$"));
    }

    static Response grant(String token, String device, String waybillNo, String purpose) {
        return given().auth().oauth2(token).header("X-Device-Id", device)
                .contentType(ContentType.JSON)
                .body(Map.of("waybillNo", waybillNo, "purpose", purpose))
                .post("/api/v1/grants");
    }

    static Response read(String token, String grant, String device, String waybillNo) {
        return given().auth().oauth2(token)
                .header("X-Access-Grant", grant)
                .header("X-Device-Id", device)
                .get("/api/v1/waybills/{no}", waybillNo);
    }

    static String createWaybill(String origin, String destination, String senderName, String senderPhone,
                                String receiverName, String receiverPhone) {
        Map<String, Object> body = Map.of(
                "originOutletId", origin,
                "destinationOutletId", destination,
                "weightGrams", 1200,
                "itemCategory", "DOCUMENTS",
                "sender", party(senderName, senderPhone, "河北省", "邯郸市", "永年区", "临洺关镇建设路18号"),
                "receiver", party(receiverName, receiverPhone, "河北省", "邯郸市", "鸡泽县", "鸡泽镇府前街6号"));
        return given().auth().oauth2(RunningStack.token("admin"))
                .contentType(ContentType.JSON).body(body)
                .post("/api/v1/admin/waybills")
                .then().statusCode(201)
                .extract().path("waybillNo");
    }

    static void setStatus(String waybillNo, String status) {
        given().auth().oauth2(RunningStack.token("admin"))
                .contentType(ContentType.JSON).body(Map.of("status", status))
                .put("/api/v1/admin/waybills/{no}/status", waybillNo)
                .then().statusCode(200);
    }

    static Map<String, Object> party(String name, String phone, String province, String city,
                                     String district, String detail) {
        return Map.of("name", name, "phone", phone,
                "address", Map.of("province", province, "city", city, "district", district, "detail", detail));
    }
}
