package com.waybillguard.systemtests;

import com.waybillguard.systemtests.HttpGateway.Answer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A busy outlet network in miniature: 64 connections ask for grants and read at once, right after the stack
 * started, for a bounded time. Every request gets an answer, and none is a 5xx: local resource limits (pools,
 * queues) must slow requests down, never fail them or open a breaker. Throughput is measured by the benchmark,
 * not here.
 */
@ExtendWith(RunningStack.class)
class ConcurrentLoadIT {

    private static final int CONNECTIONS = 64;
    private static final Duration RUN = Duration.ofSeconds(8);
    private static final String CLERK_SH = "00000009-0000-4000-8000-000000000009";
    private static final String DEVICE = "counter-sh-load";

    @Test
    void sixtyFourConnectionsGetNoServerError() throws Exception {
        String admin = RunningStack.token("admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("perMinute", 100_000, "perHour", 100_000, "perDay", 100_000))
                .put("/api/v1/admin/quotas/accounts/{sub}", CLERK_SH).then().statusCode(200);
        String token = RunningStack.freshToken("clerk.shahe");
        HttpGateway gateway = new HttpGateway(Duration.ofSeconds(30));
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> serverErrors = new ArrayList<>();
        long deadline = System.nanoTime() + RUN.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        String waybillNo = String.format("YT%010d", ThreadLocalRandom.current().nextInt(1, 201));
                        Answer granted = answered(gateway.grant(token, DEVICE, waybillNo, "COUNTER_INQUIRY"));
                        record(statuses, serverErrors, granted);
                        if (granted.status() != 201 || granted.grant() == null) {
                            continue;
                        }
                        Answer read = gateway.read(token, DEVICE, waybillNo, granted.grant());
                        record(statuses, serverErrors, answered(read));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
            given().auth().oauth2(admin).delete("/api/v1/admin/quotas/accounts/{sub}", CLERK_SH);
        }
        Map<Integer, Integer> counted = new TreeMap<>();
        statuses.forEach((status, n) -> counted.put(status, n.get()));
        System.out.println("[load] " + CONNECTIONS + " connections, " + RUN.toSeconds() + " s: " + counted);
        assertTrue(counted.getOrDefault(200, 0) > CONNECTIONS, "reads were answered: " + counted);
        assertEquals(List.of(), serverErrors.stream().limit(5).toList(), "no 5xx under load: " + counted);
    }

    private static Answer answered(Answer answer) {
        if (!answer.answered()) {
            throw new AssertionError("no answer under load: " + answer.describe());
        }
        return answer;
    }

    private static void record(Map<Integer, AtomicInteger> statuses, List<String> serverErrors,
                               Answer response) {
        statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
        if (response.status() >= 500) {
            synchronized (serverErrors) {
                serverErrors.add(response.status() + " " + response.body());
            }
        }
    }
}
