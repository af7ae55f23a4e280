package com.waybillguard.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A suspension (the Redis key audit-service or an auditor sets) holds on the very next grant and read:
 * the gateway reads it on every request, nothing is cached, and a reinstatement is just as immediate.
 */
@QuarkusTest
class SuspensionTest {

    static final String WAYBILL = GrantResourceTest.WAYBILL;
    static final String READ_PATH = "/api/v1/waybills/" + WAYBILL;

    @Inject
    RedisDataSource redis;

    @Inject
    CircuitBreakerMaintenance breakers;

    WireMockServer upstream;

    @BeforeEach
    void stub() {
        upstream = UpstreamStub.server();
        upstream.resetAll();
        breakers.resetAll();
        upstream.stubFor(get(urlEqualTo(READ_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"waybillNo\":\"" + WAYBILL + "\",\"view\":\"TRACKING\"}")));
    }

    @AfterEach
    void reset() {
        upstream.resetAll();
        breakers.resetAll();
    }

    Response read(String token, String grant) {
        return given().auth().oauth2(token).header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", grant)
                .get(READ_PATH);
    }

    @Test
    void suspensionTakesEffectOnTheNextGrantAndReadWithinOneSecond() {
        String sub = Tokens.newSub();
        String token = Tokens.clerk(sub);
        String key = "wg:account:suspended:" + sub;
        // active: a grant and a read go through (so that any cache would now hold "not suspended")
        Response granted = GrantResourceTest.requestGrant(token, WAYBILL, "COUNTER_INQUIRY");
        granted.then().statusCode(201);
        String grant = granted.jsonPath().getString("grant");
        read(token, grant).then().statusCode(200);

        redis.value(String.class).set(key, "{\"reason\":\"VOLUME\",\"by\":\"audit-service\",\"at\":\"now\"}");
        try {
            long start = System.nanoTime();
            GrantResourceTest.requestGrant(token, WAYBILL, "COUNTER_INQUIRY").then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/account-suspended"))
                    .body("status", equalTo(403));
            read(token, grant).then().statusCode(403).contentType("application/problem+json")
                    .body("type", endsWith("/account-suspended"));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis < 1000, "both refused within " + millis + " ms of the suspension");
            // the read was refused by the gateway itself: the grant never reached waybill-service again
            upstream.verify(1, getRequestedFor(urlEqualTo(READ_PATH)));
        } finally {
            redis.key().del(key);
        }
        // reinstated: at once, too
        GrantResourceTest.requestGrant(token, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        read(token, grant).then().statusCode(200);
    }
}
