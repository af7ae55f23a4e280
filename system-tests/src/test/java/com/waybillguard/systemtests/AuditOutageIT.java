package com.waybillguard.systemtests;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * audit-service goes away while clerks work: reads go on (their events wait in the Redis stream),
 * and when it comes back every event arrives exactly once and the chain still verifies.
 */
@ExtendWith(RunningStack.class)
class AuditOutageIT {

    private static final int READS = 5;
    private static final String DEVICE = "counter-yn-outage";

    @Test
    void readsContinueWhileAuditServiceIsDownAndNothingIsLostOrDoubled() throws Exception {
        String waybillNo = ReadPathIT.createWaybill("HD-YN", "HD-WA", "周杰", "13511112222", "孙丽", "13533334444");
        String clerk = RunningStack.token("clerk.yongnian");
        String auditor = RunningStack.token("auditor.zhou");

        RunningStack.stack().stop("audit-service");
        try {
            for (int i = 0; i < READS; i++) {
                String grant = ReadPathIT.grant(clerk, DEVICE, waybillNo, "COUNTER_INQUIRY")
                        .then().statusCode(201).extract().path("grant");
                ReadPathIT.read(clerk, grant, DEVICE, waybillNo).then().statusCode(200)
                        .body("view", equalTo("COUNTER_INQUIRY"));
            }
            given().auth().oauth2(auditor).get("/api/v1/audit/events")
                    .then().statusCode(503).contentType("application/problem+json");
        } finally {
            RunningStack.stack().restart("audit-service");
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonPath events = given().auth().oauth2(auditor)
                    .queryParam("waybillNo", waybillNo).queryParam("size", 100)
                    .get("/api/v1/audit/events")
                    .then().statusCode(200).extract().jsonPath();
            List<String> actions = events.getList("items.action");
            assertEquals(READS, actions.stream().filter("WAYBILL_READ"::equals).count(), "reads");
            assertEquals(READS, actions.stream().filter("GRANT_ISSUED"::equals).count(), "grants");
            List<String> ids = events.getList("items.eventId");
            assertEquals(ids.size(), new HashSet<>(ids).size(), "no event twice");
        });
        given().auth().oauth2(auditor).get("/api/v1/audit/verify")
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("firstBrokenSeq", equalTo(null));
    }
}
