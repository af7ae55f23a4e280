package com.waybillguard.gateway;

import com.waybillguard.testsupport.TestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis holds quotas, suspensions and the audit stream: without it the gateway fails closed, fast. */
@QuarkusTest
class RedisOutageTest {

    /** The management interface ({@code /q/}), where health, metrics and the OpenAPI document are. */
    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    @Test
    void failsClosedPromptlyWhileRedisIsDownAndRecovers() throws Exception {
        String token = Tokens.clerk(Tokens.newSub());
        GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);

        TestInfrastructure.redis().stop();
        try {
            long start = System.nanoTime();
            Response response = GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY");
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(503, response.statusCode(), response.asString());
            assertTrue(millis < 5000, "answered in " + millis + " ms");
            response.then().contentType("application/problem+json")
                    .body("type", equalTo(GrantResourceTest.PROBLEMS + "service-unavailable"))
                    .header("Retry-After", "1");

            given().auth().oauth2(token).header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", "g")
                    .get("/api/v1/waybills/" + GrantResourceTest.WAYBILL)
                    .then().statusCode(503).contentType("application/problem+json");
            given().get(management + "health/ready").then().statusCode(503);
        } finally {
            restartRedis();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY")
                        .then().statusCode(201));
        given().get(management + "health/ready").then().statusCode(200);
    }

    /**
     * Starts the stopped Redis again on its port. The port may be briefly held by a socket of the
     * gateway's reconnect attempts (a localhost connect to a free ephemeral port can connect to
     * itself), so the restart is retried until the port is free again.
     */
    static void restartRedis() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                // redis() starts the stopped server again (same port, same data)
                .until(() -> TestInfrastructure.redis().isRunning());
    }

    @Test
    void slowRedisFailsClosedWithinTheConfiguredTimeout() {
        String token = Tokens.clerk(Tokens.newSub());
        GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        io.quarkus.redis.datasource.RedisDataSource redis =
                io.quarkus.arc.Arc.container().instance(io.quarkus.redis.datasource.RedisDataSource.class).get();
        redis.execute("CLIENT", "PAUSE", "6000", "ALL");
        long start = System.nanoTime();
        Response response = GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY");
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(503, response.statusCode(), response.asString());
        // the 1 s bound, well below the 6 s pause (margin for a loaded CI machine)
        assertTrue(millis < 4500, "answered in " + millis + " ms while Redis hangs");
        response.then().contentType("application/problem+json")
                .body("type", equalTo(GrantResourceTest.PROBLEMS + "service-unavailable"));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY")
                        .then().statusCode(201));
    }

    @Test
    void noGrantLeavesWithoutItsAuditEvent() {
        String token = Tokens.clerk(Tokens.newSub());
        GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        io.quarkus.redis.datasource.RedisDataSource redis =
                io.quarkus.arc.Arc.container().instance(io.quarkus.redis.datasource.RedisDataSource.class).get();
        // make the audit sink refuse appends (wrong key type) while everything else works
        redis.execute("RENAME", "{wg}:audit:events", "{wg}:audit:events:parked");
        redis.value(String.class).set("{wg}:audit:events", "not-a-stream");
        try {
            Response response = GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY");
            assertEquals(503, response.statusCode(), response.asString());
            response.then().contentType("application/problem+json")
                    .body("type", equalTo(GrantResourceTest.PROBLEMS + "service-unavailable"))
                    .body("grant", org.hamcrest.Matchers.nullValue());
        } finally {
            redis.key().del("{wg}:audit:events");
            redis.execute("RENAME", "{wg}:audit:events:parked", "{wg}:audit:events");
        }
        GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
    }
}
