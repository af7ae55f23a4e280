package com.waybillguard.systemtests;

import com.waybillguard.stack.FreePort;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a scraper with a valid account tries first: redeem one grant many times at once, and ask
 * for more grants than its quota by spreading requests over two gateway replicas.
 */
@ExtendWith(RunningStack.class)
class ConcurrencyIT {

    private static final int PARALLEL = 12;

    @Test
    void aGrantRedeemedManyTimesAtOnceAnswersExactlyOnce() throws Exception {
        String clerk = RunningStack.token("clerk.jize");
        String device = "counter-jz-race";
        String grant = ReadPathIT.grant(clerk, device, "YT0000000001", "COUNTER_INQUIRY")
                .then().statusCode(201).extract().path("grant");

        List<Response> answers = all(PARALLEL, i -> ReadPathIT.read(clerk, grant, device, "YT0000000001"));

        assertEquals(1, answers.stream().filter(r -> r.statusCode() == 200).count(), "exactly one read");
        for (Response r : answers) {
            if (r.statusCode() != 200) {
                assertEquals(403, r.statusCode(), r.asString());
                assertTrue(r.jsonPath().getString("type").endsWith("/grant-replayed"), r.asString());
            }
        }
    }

    @Test
    void aQuotaHoldsAcrossTwoGatewayReplicas() throws Exception {
        int replicaPort = FreePort.find();
        RunningStack.stack().startGatewayReplica(replicaPort);
        int quota = 6;
        String sub = "00000005-0000-4000-8000-000000000005"; // cs.li
        String agent = RunningStack.token("cs.li");
        // the day window binds: a burst of two seconds never straddles its boundary in practice,
        // so exactly `quota` grants are right (a minute window could legitimately roll over)
        Map<String, Integer> day = given().auth().oauth2(agent).get("/api/v1/quota").then().statusCode(200)
                .extract().path("windows.find { it.window == 'day' }");
        int usedToday = day.get("limit") - day.get("remaining");
        String admin = RunningStack.token("admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("perMinute", 300, "perHour", 3000, "perDay", usedToday + quota))
                .put("/api/v1/admin/quotas/accounts/{sub}", sub)
                .then().statusCode(200);
        try {
            int[] ports = {RunningStack.config().gatewayPort(), replicaPort};
            List<Response> answers = all(PARALLEL * 2, i -> given().port(ports[i % 2])
                    .auth().oauth2(agent).header("X-Device-Id", "cs-desk-0001")
                    .contentType(ContentType.JSON)
                    .body(Map.of("waybillNo", "YT0000000010", "purpose", "CUSTOMER_SERVICE"))
                    .post("/api/v1/grants"));

            long granted = answers.stream().filter(r -> r.statusCode() == 201).count();
            assertEquals(quota, granted, "exactly the quota, across both replicas");
            for (Response r : answers) {
                if (r.statusCode() != 201) {
                    assertEquals(429, r.statusCode(), r.asString());
                    assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1, "Retry-After");
                }
            }
        } finally {
            given().auth().oauth2(admin).delete("/api/v1/admin/quotas/accounts/{sub}", sub)
                    .then().statusCode(204);
        }
    }

    private interface Call {
        Response call(int index);
    }

    /** Runs {@code count} calls released at the same instant and returns every answer. */
    private static List<Response> all(int count, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<Response> task = () -> {
                    start.await();
                    return call.call(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
