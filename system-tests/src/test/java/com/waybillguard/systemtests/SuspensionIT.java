package com.waybillguard.systemtests;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * An auditor suspends an account: within a second the gateway refuses its grants and
 * waybill-service its reads, even with a grant issued just before; reinstating lifts both.
 */
@ExtendWith(RunningStack.class)
class SuspensionIT {

    private static final String COURIER_WU = "00000003-0000-4000-8000-000000000003";
    private static final String DEVICE = "courier-wu-phone";

    @Test
    void aSuspensionStopsGrantsAndReadsAtOnceAndIsAudited() {
        String courier = RunningStack.token("courier.wu");
        String auditor = RunningStack.token("auditor.zhou");
        String earlierGrant = ReadPathIT.grant(courier, DEVICE, "YT0000000002", "PICKUP")
                .then().statusCode(201).extract().path("grant");

        given().auth().oauth2(auditor).contentType(ContentType.JSON)
                .body(Map.of("reason", "rented account suspected"))
                .post("/api/v1/accounts/{sub}/suspend", COURIER_WU)
                .then().statusCode(200);
        try {
            // the very next requests, without any wait, are refused
            ReadPathIT.grant(courier, DEVICE, "YT0000000002", "PICKUP")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("type", endsWith("/account-suspended"));
            ReadPathIT.read(courier, earlierGrant, DEVICE, "YT0000000002")
                    .then().statusCode(403).body("type", endsWith("/account-suspended"));

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    given().auth().oauth2(auditor).queryParam("action", "ACCOUNT_SUSPENDED")
                            .get("/api/v1/audit/events")
                            .then().statusCode(200)
                            .body("items.targetSub", hasItem(COURIER_WU))
                            .body("items.find { it.targetSub == '" + COURIER_WU + "' }.actor.username",
                                    equalTo("auditor.zhou")));
        } finally {
            given().auth().oauth2(auditor).post("/api/v1/accounts/{sub}/reinstate", COURIER_WU)
                    .then().statusCode(200);
        }
        String grant = ReadPathIT.grant(courier, DEVICE, "YT0000000002", "PICKUP")
                .then().statusCode(201).extract().path("grant");
        ReadPathIT.read(courier, grant, DEVICE, "YT0000000002").then().statusCode(200)
                .body("view", equalTo("PICKUP"));
    }
}
