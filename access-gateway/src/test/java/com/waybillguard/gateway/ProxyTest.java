package com.waybillguard.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.waybillguard.gateway.client.WaybillServiceClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's proxying to waybill-service and audit-service, against a WireMock stand-in. */
@QuarkusTest
class ProxyTest {

    /** The management interface ({@code /q/}), where health, metrics and the OpenAPI document are. */
    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    static final String PROBLEMS = GrantResourceTest.PROBLEMS;
    static final String WAYBILL = GrantResourceTest.WAYBILL;
    static final String READ_PATH = "/api/v1/waybills/" + WAYBILL;

    @Inject
    CircuitBreakerMaintenance breakers;

    WireMockServer upstream;

    @BeforeEach
    void reset() {
        upstream = UpstreamStub.server();
        upstream.resetAll();
        breakers.resetAll();
        // warm token verification, Redis and the REST client so that timings below measure the upstream only
        upstream.stubFor(get(urlEqualTo("/api/v1/waybills/ZZ0000000000")).willReturn(aResponse().withStatus(404)));
        given().auth().oauth2(Tokens.clerk(Tokens.newSub())).header("X-Device-Id", Tokens.DEVICE)
                .header("X-Access-Grant", "g.g.g").get("/api/v1/waybills/ZZ0000000000").then().statusCode(404);
        upstream.resetAll();
    }

    @AfterEach
    void cleanUp() {
        UpstreamStub.server();
        breakers.resetAll();
    }

    @Test
    void forwardsReadWithHeadersAndPassesTheViewThrough() {
        String view = "{\"waybillNo\":\"" + WAYBILL + "\",\"status\":\"IN_TRANSIT\",\"view\":\"TRACKING\"}";
        upstream.stubFor(get(urlEqualTo(READ_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(view)));
        String token = Tokens.clerk(Tokens.newSub());

        given().auth().oauth2(token)
                .header("X-Device-Id", Tokens.DEVICE)
                .header("X-Access-Grant", "header.payload.signature")
                .header("X-Request-Id", "req-proxy-1")
                .get(READ_PATH)
                .then().statusCode(200).contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("waybillNo", org.hamcrest.Matchers.equalTo(WAYBILL))
                .body("view", org.hamcrest.Matchers.equalTo("TRACKING"));

        upstream.verify(1, getRequestedFor(urlEqualTo(READ_PATH))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("X-Access-Grant", equalTo("header.payload.signature"))
                .withHeader("X-Device-Id", equalTo(Tokens.DEVICE))
                .withHeader("X-Forwarded-For", equalTo("127.0.0.1"))
                .withHeader("X-Request-Id", equalTo("req-proxy-1")));
    }

    @Test
    void passesUpstreamProblemThroughUnchanged() {
        String problem = "{\"type\":\"https://waybill-guard.example/problems/grant-replayed\",\"title\":\"Grant already used\","
                + "\"status\":403,\"detail\":\"This grant was already used.\"}";
        upstream.stubFor(get(urlEqualTo(READ_PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/problem+json").withBody(problem)));

        Response response = given().auth().oauth2(Tokens.clerk(Tokens.newSub()))
                .header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", "g.g.g")
                .get(READ_PATH);
        response.then().statusCode(403).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/grant-replayed"));
        assertEquals(problem, response.asString());
        assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(WaybillServiceClient.BREAKER));
    }

    @Test
    void checksWhatTheGatewayCanCheckBeforeForwarding() {
        String token = Tokens.clerk(Tokens.newSub());
        given().header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", "g.g.g").get(READ_PATH)
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "unauthorized"));
        given().auth().oauth2(token).header("X-Access-Grant", "g.g.g").get(READ_PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "invalid-device-id"));
        given().auth().oauth2(token).header("X-Device-Id", Tokens.DEVICE).get(READ_PATH)
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "grant-missing"));
        given().auth().oauth2(token).header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", "g.g.g")
                .get("/api/v1/waybills/yt12345")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "invalid-waybill-number"));
        upstream.verify(0, getRequestedFor(urlPathEqualTo(READ_PATH)));
    }

    @Test
    void suspendedAccountCannotRead() {
        String sub = Tokens.newSub();
        io.quarkus.redis.datasource.RedisDataSource redis =
                io.quarkus.arc.Arc.container().instance(io.quarkus.redis.datasource.RedisDataSource.class).get();
        redis.value(String.class).set("{wg}:account:suspended:" + sub, "{\"reason\":\"t\"}");
        try {
            given().auth().oauth2(Tokens.clerk(sub)).header("X-Device-Id", Tokens.DEVICE)
                    .header("X-Access-Grant", "g.g.g").get(READ_PATH)
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.endsWith("/account-suspended"));
        } finally {
            redis.key().del("{wg}:account:suspended:" + sub);
        }
        upstream.verify(0, getRequestedFor(urlPathEqualTo(READ_PATH)));
    }

    @Test
    void deadUpstreamIs503AndOpensTheBreaker() {
        UpstreamStub.stopServer();
        String token = Tokens.clerk(Tokens.newSub());
        long start = System.nanoTime();
        given().auth().oauth2(token).header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", "g.g.g")
                .get(READ_PATH)
                .then().statusCode(503).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "upstream-unavailable"))
                .body("detail", not(containsString("Exception")));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < 5000, "answered in " + millis + " ms");

        for (int i = 0; i < 12; i++) {
            given().auth().oauth2(token).header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", "g.g.g")
                    .get(READ_PATH).then().statusCode(503);
        }
        assertEquals(CircuitBreakerState.OPEN, breakers.currentState(WaybillServiceClient.BREAKER));
        given().get(management + "health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'inner-service circuit breakers' }.data.'waybill-service'",
                        org.hamcrest.Matchers.equalTo("OPEN"));
        String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
        assertEquals(1.0, metric(metrics, "wg_circuit_breaker_state{breaker=\"waybill-service\",state=\"open\"}"));
        assertEquals(0.0, metric(metrics, "wg_circuit_breaker_state{breaker=\"waybill-service\",state=\"closed\"}"));
        assertEquals(0.0, metric(metrics, "wg_circuit_breaker_state{breaker=\"audit-service\",state=\"open\"}"));
        // SmallRye Fault Tolerance's own metrics, keyed by the guarded method
        assertEquals(1.0,
                metric(metrics, "ft_circuitbreaker_state_current{method=\"" + GUARDED + "\",state=\"open\"}"));
        assertTrue(metric(metrics, "ft_circuitbreaker_opened_total{method=\"" + GUARDED + "\"}") >= 1.0);

        // an open breaker answers at once, without calling the service
        long start2 = System.nanoTime();
        given().auth().oauth2(token).header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", "g.g.g")
                .get(READ_PATH).then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("detail", containsString("circuit open"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start2).toMillis() < 2000);

        // reset (as between tests): the state shows closed again everywhere
        breakers.resetAll();
        String after = given().get(management + "metrics").then().statusCode(200).extract().asString();
        assertEquals(1.0, metric(after, "wg_circuit_breaker_state{breaker=\"waybill-service\",state=\"closed\"}"));
        given().get(management + "health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'inner-service circuit breakers' }.data.'waybill-service'",
                        org.hamcrest.Matchers.equalTo("CLOSED"));
    }

    static final String GUARDED = WaybillServiceClient.class.getName() + ".guarded";

    /** The value of one Prometheus sample, by its exact name and labels (labels in the exposition's order). */
    static double metric(String exposition, String sample) {
        return exposition.lines().filter(l -> l.startsWith(sample + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(sample.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no sample " + sample + " in /q/metrics:\n"
                        + exposition.lines().filter(l -> l.startsWith("ft_") || l.startsWith("wg_circuit")).toList()));
    }

    @Test
    void slowUpstreamIs504Promptly() {
        upstream.stubFor(get(urlEqualTo(READ_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{}").withFixedDelay(20_000)));
        long start = System.nanoTime();
        given().auth().oauth2(Tokens.clerk(Tokens.newSub())).header("X-Device-Id", Tokens.DEVICE)
                .header("X-Access-Grant", "g.g.g").get(READ_PATH)
                .then().statusCode(504).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "upstream-timeout"));
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        // the gateway's own bound (2 s in tests), far below the stub's 20 s (generous margin for a loaded CI machine)
        assertTrue(millis < 8000, "answered in " + millis + " ms");
    }

    @Test
    void slowUpstreamTimeoutsOpenTheBreakerAndThenNoCallWaits() throws Exception {
        upstream.stubFor(get(urlEqualTo(READ_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{}").withFixedDelay(6_000)));
        String token = Tokens.clerk(Tokens.newSub());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest read = java.net.http.HttpRequest.newBuilder(java.net.URI.create(readUrl.toString()))
                .header("Authorization", "Bearer " + token).header("X-Device-Id", Tokens.DEVICE)
                .header("X-Access-Grant", "g.g.g").timeout(Duration.ofSeconds(30)).GET().build();
        // ten slow reads at once: each ends at the gateway's timeout (2 s in tests), not the stub's 6 s
        long start = System.nanoTime();
        java.util.List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> slow =
                new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            slow.add(http.sendAsync(read, java.net.http.HttpResponse.BodyHandlers.ofString()));
        }
        for (var future : slow) {
            java.net.http.HttpResponse<String> response = future.get();
            assertEquals(504, response.statusCode(), response.body());
            assertTrue(response.body().contains(PROBLEMS + "upstream-timeout"), response.body());
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(millis < 5500, "ten slow reads answered within " + millis + " ms");

        assertEquals(CircuitBreakerState.OPEN, breakers.currentState(WaybillServiceClient.BREAKER));
        long openStart = System.nanoTime();
        given().auth().oauth2(token).header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", "g.g.g")
                .get(READ_PATH).then().statusCode(503).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "upstream-unavailable"));
        assertTrue(Duration.ofNanos(System.nanoTime() - openStart).toMillis() < 1000, "open breaker answers at once");
        String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
        assertEquals(1.0, metric(metrics, "wg_circuit_breaker_state{breaker=\"waybill-service\",state=\"open\"}"));
        assertTrue(metric(metrics, "ft_timeout_calls_total{method=\"" + GUARDED + "\",timedOut=\"true\"}") >= 10.0);
        upstream.verify(10, getRequestedFor(urlEqualTo(READ_PATH)));
    }

    @io.quarkus.test.common.http.TestHTTPResource(READ_PATH)
    java.net.URL readUrl;

    @Test
    void auditorEndpointsAreForwardedForAuditorsOnly() {
        upstream.stubFor(get(urlPathEqualTo("/api/v1/audit/events")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\":[],\"page\":0}")));
        upstream.stubFor(post(urlEqualTo("/api/v1/accounts/acct-1/suspend")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"sub\":\"acct-1\",\"suspended\":true}")));
        String auditor = Tokens.auditor(Tokens.newSub());

        given().auth().oauth2(auditor).queryParam("actor", "acct-1").queryParam("page", "0").queryParam("size", "50")
                .get("/api/v1/audit/events")
                .then().statusCode(200).body("page", org.hamcrest.Matchers.equalTo(0));
        upstream.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/audit/events"))
                .withQueryParam("actor", equalTo("acct-1"))
                .withQueryParam("size", equalTo("50"))
                .withHeader("Authorization", equalTo("Bearer " + auditor)));

        given().auth().oauth2(auditor).contentType(ContentType.JSON).body(Map.of("reason", "rented account"))
                .post("/api/v1/accounts/acct-1/suspend")
                .then().statusCode(200).body("suspended", org.hamcrest.Matchers.equalTo(true));
        upstream.verify(1, postRequestedFor(urlEqualTo("/api/v1/accounts/acct-1/suspend"))
                .withRequestBody(equalToJson("{\"reason\":\"rented account\"}")));

        upstream.stubFor(post(urlEqualTo("/api/v1/accounts/acct-1/reinstate")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"sub\":\"acct-1\",\"suspended\":false}")));
        given().auth().oauth2(auditor).post("/api/v1/accounts/acct-1/reinstate")
                .then().statusCode(200).body("suspended", org.hamcrest.Matchers.equalTo(false));

        given().auth().oauth2(Tokens.clerk(Tokens.newSub())).get("/api/v1/audit/events")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "forbidden"));
        given().auth().oauth2(Tokens.admin(Tokens.newSub())).get("/api/v1/audit/verify")
                .then().statusCode(403).contentType("application/problem+json");
        given().get("/api/v1/audit/events").then().statusCode(401).contentType("application/problem+json");
        upstream.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/audit/events")));

    }

    @Test
    void alertsAreForwardedForAuditorsWithKnownFiltersAndTheirProblemsPassThrough() {
        String alertId = "5b0c2f3e-8a51-4d7e-9c1b-2f3a4b5c6d7e";
        String resolve = "/api/v1/audit/alerts/" + alertId + "/resolve";
        String page = "{\"items\":[{\"id\":\"" + alertId + "\",\"rule\":\"ENUMERATION\",\"status\":\"OPEN\"}],"
                + "\"page\":0,\"size\":50,\"hasMore\":false}";
        upstream.stubFor(get(urlPathEqualTo("/api/v1/audit/alerts")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(page)));
        upstream.stubFor(post(urlEqualTo(resolve)).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"type\":\"" + PROBLEMS
                        + "alert-resolved\",\"title\":\"Alert already resolved\",\"status\":409}")));
        String auditor = Tokens.auditor(Tokens.newSub());

        given().auth().oauth2(auditor).queryParam("status", "OPEN").queryParam("rule", "ENUMERATION")
                .queryParam("actor", "clerk.jize").queryParam("page", "1").queryParam("size", "20")
                .queryParam("debug", "true")
                .get("/api/v1/audit/alerts")
                .then().statusCode(200).body("items[0].id", org.hamcrest.Matchers.equalTo(alertId))
                .body("items[0].rule", org.hamcrest.Matchers.equalTo("ENUMERATION"));
        upstream.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/audit/alerts"))
                .withQueryParam("status", equalTo("OPEN")).withQueryParam("rule", equalTo("ENUMERATION"))
                .withQueryParam("actor", equalTo("clerk.jize")).withQueryParam("page", equalTo("1"))
                .withQueryParam("size", equalTo("20")).withoutQueryParam("debug")
                .withHeader("Authorization", equalTo("Bearer " + auditor)));

        given().auth().oauth2(auditor).contentType(ContentType.JSON).body(Map.of("comment", "a new clerk, trained"))
                .post(resolve)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "alert-resolved"));
        upstream.verify(1, postRequestedFor(urlEqualTo(resolve))
                .withRequestBody(equalToJson("{\"comment\":\"a new clerk, trained\"}")));

        // refused at the gateway: a malformed id, no body, another role
        given().auth().oauth2(auditor).contentType(ContentType.JSON).body(Map.of("comment", "x"))
                .post("/api/v1/audit/alerts/a-1/resolve")
                .then().statusCode(400).body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "invalid-request"));
        given().auth().oauth2(auditor).contentType(ContentType.JSON).post(resolve)
                .then().statusCode(400).body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "invalid-request"));
        given().auth().oauth2(Tokens.clerk(Tokens.newSub())).get("/api/v1/audit/alerts")
                .then().statusCode(403).body("type", org.hamcrest.Matchers.equalTo(PROBLEMS + "forbidden"));
        upstream.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/audit/alerts")));
        upstream.verify(1, postRequestedFor(urlPathEqualTo(resolve)));
    }

    @Test
    void timelineAndHistoryAreForwardedWithKnownFiltersOnly() {
        upstream.stubFor(get(urlPathEqualTo("/api/v1/audit/actors/clerk.jize/timeline")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"items\":[]}")));
        upstream.stubFor(get(urlPathEqualTo("/api/v1/audit/waybills/YT0000000001/history")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"items\":[]}")));
        String auditor = Tokens.auditor(Tokens.newSub());

        given().auth().oauth2(auditor).queryParam("cursor", "c-42").queryParam("action", "WAYBILL_READ")
                .queryParam("debug", "true")
                .get("/api/v1/audit/actors/clerk.jize/timeline").then().statusCode(200);
        upstream.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/audit/actors/clerk.jize/timeline"))
                .withQueryParam("cursor", equalTo("c-42"))
                .withQueryParam("action", equalTo("WAYBILL_READ"))
                .withoutQueryParam("debug"));

        given().auth().oauth2(auditor).queryParam("size", "10")
                .get("/api/v1/audit/waybills/YT0000000001/history").then().statusCode(200);
        upstream.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/audit/waybills/YT0000000001/history"))
                .withQueryParam("size", equalTo("10")));

        given().auth().oauth2(auditor).get("/api/v1/audit/waybills/yt-1/history")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.clerk(Tokens.newSub())).get("/api/v1/audit/waybills/YT0000000001/history")
                .then().statusCode(403).contentType("application/problem+json");
        upstream.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/audit/waybills/YT0000000001/history")));
    }

    @Test
    void adminWritesAreForwardedForAdminsOnly() {
        upstream.stubFor(post(urlEqualTo("/api/v1/admin/waybills")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"waybillNo\":\"" + WAYBILL + "\"}")));
        upstream.stubFor(put(urlEqualTo("/api/v1/admin/waybills/" + WAYBILL + "/status")).willReturn(aResponse()
                .withStatus(400).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://waybill-guard.example/problems/invalid-request\",\"status\":400}")));
        String admin = Tokens.admin(Tokens.newSub());

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("weightGrams", 1200))
                .post("/api/v1/admin/waybills")
                .then().statusCode(201).body("waybillNo", org.hamcrest.Matchers.equalTo(WAYBILL));
        upstream.verify(1, postRequestedFor(urlEqualTo("/api/v1/admin/waybills"))
                .withHeader("Authorization", equalTo("Bearer " + admin))
                .withHeader("X-Request-Id", matching(".+"))
                .withRequestBody(equalToJson("{\"weightGrams\":1200}")));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("status", "LOST"))
                .put("/api/v1/admin/waybills/" + WAYBILL + "/status")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.clerk(Tokens.newSub())).contentType(ContentType.JSON)
                .body(Map.of("weightGrams", 1)).post("/api/v1/admin/waybills")
                .then().statusCode(403).contentType("application/problem+json");
        upstream.verify(1, postRequestedFor(urlEqualTo("/api/v1/admin/waybills")));
    }
}
