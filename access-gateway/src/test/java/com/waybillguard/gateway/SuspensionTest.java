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

import io.restassured.http.ContentType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A suspension (the Redis key audit-service, an auditor or detection sets) holds on every route that needs an
 * account, for every role, on the very next request: the gateway reads it on every request, nothing is cached,
 * and a reinstatement is just as immediate. Nobody suspends or reinstates their own account.
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

    /** One request of an account on one route: what it is and how to make it. */
    record Route(String name, Function<String, Response> call) {
    }

    static List<Route> routesOf(String role) {
        String status = "/api/v1/admin/waybills/" + WAYBILL + "/status";
        String assignment = "/api/v1/admin/waybills/" + WAYBILL + "/assignment";
        String override = "/api/v1/admin/quotas/accounts/" + Tokens.newSub();
        String other = "/api/v1/accounts/" + Tokens.newSub();
        return switch (role) {
            case "clerk", "courier", "cs_agent" -> List.of(
                    new Route("POST /api/v1/grants", token -> GrantResourceTest.requestGrant(token, WAYBILL,
                            Map.of("clerk", "COUNTER_INQUIRY", "courier", "DELIVERY", "cs_agent", "CUSTOMER_SERVICE").get(role))),
                    new Route("GET /api/v1/waybills/{waybillNo}", token -> given().auth().oauth2(token)
                            .header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", "g.g.g").get(READ_PATH)),
                    new Route("GET /api/v1/quota", token -> given().auth().oauth2(token).get("/api/v1/quota")));
            case "admin" -> List.of(
                    new Route("POST /api/v1/admin/waybills", token -> json(token).body("{}").post("/api/v1/admin/waybills")),
                    new Route("PUT .../status", token -> json(token).body("{\"status\":\"PICKED_UP\"}").put(status)),
                    new Route("PUT .../assignment", token -> json(token).body("{}").put(assignment)),
                    new Route("PUT /api/v1/admin/quotas/accounts/{sub}", token -> json(token)
                            .body(Map.of("perMinute", 1, "perHour", 1, "perDay", 1)).put(override)),
                    new Route("DELETE /api/v1/admin/quotas/accounts/{sub}", token -> given().auth().oauth2(token).delete(override)),
                    new Route("GET /api/v1/quota", token -> given().auth().oauth2(token).get("/api/v1/quota")));
            case "auditor" -> List.of(
                    new Route("GET /api/v1/audit/events", token -> given().auth().oauth2(token).get("/api/v1/audit/events")),
                    new Route("GET timeline", token -> given().auth().oauth2(token).get("/api/v1/audit/actors/clerk.jize/timeline")),
                    new Route("GET history", token -> given().auth().oauth2(token).get("/api/v1/audit/waybills/" + WAYBILL + "/history")),
                    new Route("GET verify", token -> given().auth().oauth2(token).get("/api/v1/audit/verify")),
                    new Route("GET checkpoints", token -> given().auth().oauth2(token).get("/api/v1/audit/checkpoints")),
                    new Route("POST checkpoints", token -> given().auth().oauth2(token).post("/api/v1/audit/checkpoints")),
                    new Route("GET alerts", token -> given().auth().oauth2(token).get("/api/v1/audit/alerts")),
                    new Route("POST resolve", token -> json(token).body("{\"comment\":\"ok\"}")
                            .post("/api/v1/audit/alerts/" + java.util.UUID.randomUUID() + "/resolve")),
                    new Route("POST suspend", token -> json(token).body("{}").post(other + "/suspend")),
                    new Route("POST reinstate", token -> json(token).body("{}").post(other + "/reinstate")),
                    new Route("GET /api/v1/quota", token -> given().auth().oauth2(token).get("/api/v1/quota")));
            default -> throw new IllegalArgumentException(role);
        };
    }

    static io.restassured.specification.RequestSpecification json(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static String tokenOf(String role, String sub) {
        return switch (role) {
            case "clerk" -> Tokens.clerk(sub);
            case "courier" -> Tokens.courier(sub);
            case "cs_agent" -> Tokens.csAgent(sub);
            case "admin" -> Tokens.admin(sub);
            default -> Tokens.auditor(sub);
        };
    }

    @Test
    void everyRouteRefusesASuspendedAccountOfEveryRoleBeforeForwarding() {
        upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        List<String> wrong = new ArrayList<>();
        for (String role : List.of("clerk", "courier", "cs_agent", "admin", "auditor")) {
            String sub = Tokens.newSub();
            String token = tokenOf(role, sub);
            Suspensions.suspend(sub);
            try {
                for (Route route : routesOf(role)) {
                    Response response = route.call().apply(token);
                    if (response.statusCode() != 403
                            || !(GrantResourceTest.PROBLEMS + "account-suspended").equals(response.jsonPath().getString("type"))
                            || !"Account suspended".equals(response.jsonPath().getString("title"))) {
                        wrong.add(role + " " + route.name() + ": " + response.statusCode() + " " + response.asString());
                    }
                }
                // the public key set stays open, even with a suspended account's token
                given().auth().oauth2(token).get("/.well-known/jwks.json").then().statusCode(200);
            } finally {
                Suspensions.lift(sub);
            }
        }
        assertTrue(wrong.isEmpty(), "not refused as suspended:\n" + String.join("\n", wrong));
        assertEquals(0, upstream.getAllServeEvents().size(), "nothing of a suspended account reached an inner service");
    }

    @Test
    void nobodySuspendsOrReinstatesTheirOwnAccount() {
        upstream.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"suspended\":true}")));
        String self = Tokens.newSub();
        String auditor = Tokens.auditor(self);
        for (String action : List.of("suspend", "reinstate")) {
            json(auditor).body("{\"reason\":\"test\"}").post("/api/v1/accounts/" + self + "/" + action)
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo(GrantResourceTest.PROBLEMS + "forbidden"))
                    .body("detail", equalTo("An account cannot " + action + " itself; another auditor must do it."));
        }
        assertEquals(0, upstream.getAllServeEvents().size(), "the gateway refused before forwarding");
        // another account: forwarded as before
        json(auditor).body("{}").post("/api/v1/accounts/" + Tokens.newSub() + "/suspend").then().statusCode(200);
    }

    @Test
    void suspensionTakesEffectOnTheNextGrantAndReadWithinOneSecond() {
        String sub = Tokens.newSub();
        String token = Tokens.clerk(sub);
        String key = "{wg}:account:suspended:" + sub;
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
