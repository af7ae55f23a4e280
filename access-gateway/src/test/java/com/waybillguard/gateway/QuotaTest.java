package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.Admission;
import com.waybillguard.gateway.domain.RequestContext;
import com.waybillguard.gateway.service.AuditPublisher;
import com.waybillguard.gateway.service.DetectionSettings;
import com.waybillguard.gateway.service.GrantAdmission;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quotas under concurrency (many parallel grant requests; two replicas sharing one Redis), their
 * all-or-nothing consumption, and the {@code RateLimit-*} / {@code Retry-After} headers. The quota clock is a
 * {@link TestClock} standing 15 s into a minute: no test waits for a window edge, and windows pass at once.
 */
@QuarkusTest
class QuotaTest {

    /** Where each test's clock stands: 15 s into a minute, so the minute window resets in 45 s. */
    static final long SECONDS_INTO_MINUTE = 15;

    static final String PROBLEMS = GrantResourceTest.PROBLEMS;
    static final String WAYBILL = GrantResourceTest.WAYBILL;

    @Inject
    RedisDataSource redis;

    @Inject
    GatewayConfig config;

    @Inject
    DetectionSettings detection;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisUrl;

    @TestHTTPResource("/api/v1/grants")
    URL grantsUrl;

    TestClock clock;

    @BeforeEach
    void standStill() {
        clock = TestClock.installAt(TestClock.secondsIntoAMinute(SECONDS_INTO_MINUTE));
    }

    @Test
    void parallelGrantRequestsNeverExceedASmallQuota() throws Exception {
        int limit = 7;
        int requests = 50;
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub);
        override(sub, limit, 1000, 1000);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(grantsUrl.toString()))
                .header("Authorization", "Bearer " + clerk)
                .header("X-Device-Id", Tokens.DEVICE)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"waybillNo\":\"" + WAYBILL + "\",\"purpose\":\"COUNTER_INQUIRY\"}"))
                .build();
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();

        int granted = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> future : inFlight) {
            HttpResponse<String> response = future.get();
            if (response.statusCode() == 201) {
                granted++;
                assertTrue(json.readTree(response.body()).path("grant").asText().split("\\.").length == 3);
            } else {
                assertEquals(429, response.statusCode(), response.body());
                refused++;
                JsonNode problem = json.readTree(response.body());
                assertEquals(PROBLEMS + "quota-exceeded", problem.path("type").asText());
                assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
                assertEquals(String.valueOf(60 - SECONDS_INTO_MINUTE),
                        response.headers().firstValue("Retry-After").orElseThrow(), "until the minute resets");
                assertEquals("0", response.headers().firstValue("RateLimit-Remaining").orElseThrow());
            }
        }
        assertEquals(limit, granted, "exactly the quota was granted");
        assertEquals(requests - limit, refused);
        given().auth().oauth2(clerk).get("/api/v1/quota").then().statusCode(200)
                .body("windows.find { it.window == 'minute' }.remaining", equalTo(0))
                .body("windows.find { it.window == 'hour' }.remaining", equalTo(1000 - limit))
                .body("windows.find { it.window == 'day' }.remaining", equalTo(1000 - limit));
    }

    @Test
    void twoReplicasSharingRedisNeverOverGrant() throws Exception {
        // two gateway replicas: each its own GrantAdmission over its own Redis connection, same Redis
        ReplicaQuota first = replica();
        ReplicaQuota second = replica();
        try {
            // per account: 40 concurrent attempts, half through each replica, against a minute limit of 9
            String sub = Tokens.newSub();
            override(sub, 9, 1000, 1000);
            Caller caller = new Caller(sub, "clerk.race", Set.of("clerk"), "HD-YN", null);
            List<Uni<Admission>> attempts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                attempts.add((i % 2 == 0 ? first : second).admit(caller));
            }
            List<Admission> decisions = join(attempts);
            assertEquals(9, decisions.stream().filter(QuotaTest::granted).count());
            assertEquals("9", redis.value(String.class).get(minuteKey(sub)));

            // per outlet: many accounts of one outlet (daily ceiling 5 in the test profile), through both replicas
            String outlet = "XT-RACE";
            clearOutlet(outlet);
            List<Uni<Admission>> outletAttempts = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Caller clerk = new Caller(Tokens.newSub(), "clerk.race", Set.of("clerk"), outlet, null);
                outletAttempts.add((i % 2 == 0 ? first : second).admit(clerk));
            }
            List<Admission> outletDecisions = join(outletAttempts);
            assertEquals(config.quota().outlets().get(outlet).longValue(),
                    outletDecisions.stream().filter(QuotaTest::granted).count());
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void aRefusalByTheHourWindowConsumesNoOtherWindow() {
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub);
        override(sub, 5, 2, 100);

        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Limit", "2").header("RateLimit-Remaining", "0");
        for (int i = 0; i < 3; i++) {
            Response refused = GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY");
            refused.then().statusCode(429).contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "quota-exceeded"))
                    .header("RateLimit-Limit", "2").header("RateLimit-Remaining", "0");
            assertEquals(hourReset(clerk), Long.parseLong(refused.header("Retry-After")),
                    "Retry-After: until the hour window resets");
        }
        // the refusals took nothing from the minute, day and outlet windows
        given().auth().oauth2(clerk).get("/api/v1/quota").then().statusCode(200)
                .body("windows.find { it.window == 'minute' }.limit", equalTo(5))
                .body("windows.find { it.window == 'minute' }.remaining", equalTo(3))
                .body("windows.find { it.window == 'hour' }.remaining", equalTo(0))
                .body("windows.find { it.window == 'day' }.remaining", equalTo(98));
        assertEquals("2", redis.value(String.class).get(minuteKey(sub)));
    }

    @Test
    void rateLimitHeadersOfAGrantMatchTheQuotaEndpoint() {
        String sub = Tokens.newSub();
        String courier = Tokens.courier(sub);
        override(sub, 4, 50, 500);

        for (int expectedRemaining = 3; expectedRemaining >= 0; expectedRemaining--) {
            Response granted = GrantResourceTest.requestGrant(courier, WAYBILL, "DELIVERY");
            granted.then().statusCode(201);
            JsonNode tightest = tightestWindow(courier);
            assertEquals(tightest.get("limit").asLong(), Long.parseLong(granted.header("RateLimit-Limit")));
            assertEquals(expectedRemaining, Long.parseLong(granted.header("RateLimit-Remaining")));
            assertEquals(tightest.get("remaining").asLong(), Long.parseLong(granted.header("RateLimit-Remaining")));
            assertEquals(60 - SECONDS_INTO_MINUTE, Long.parseLong(granted.header("RateLimit-Reset")));
            assertEquals(tightest.get("resetSeconds").asLong(), Long.parseLong(granted.header("RateLimit-Reset")));
        }
        Response refused = GrantResourceTest.requestGrant(courier, WAYBILL, "DELIVERY");
        refused.then().statusCode(429).header("RateLimit-Limit", "4").header("RateLimit-Remaining", "0");
        assertEquals(tightestWindow(courier).get("resetSeconds").asLong(), Long.parseLong(refused.header("Retry-After")));
    }

    @Test
    void aWindowThatPassesGrantsAgainAndTheOthersKeepCounting() {
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub);
        override(sub, 2, 100, 1000);
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(429)
                .header("Retry-After", String.valueOf(60 - SECONDS_INTO_MINUTE));

        // one second before the minute ends: still refused, and Retry-After counts down with the clock
        clock.advance(Duration.ofSeconds(60 - SECONDS_INTO_MINUTE - 1));
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(429)
                .header("Retry-After", "1").header("RateLimit-Reset", "1");

        // the next minute: granted again, with a fresh minute window; the hour and day windows kept counting
        clock.advance(Duration.ofSeconds(1));
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Limit", "2").header("RateLimit-Remaining", "1").header("RateLimit-Reset", "60");
        given().auth().oauth2(clerk).get("/api/v1/quota").then().statusCode(200)
                .body("windows.find { it.window == 'minute' }.remaining", equalTo(1))
                .body("windows.find { it.window == 'hour' }.remaining", equalTo(97))
                .body("windows.find { it.window == 'day' }.remaining", equalTo(997));
    }

    // ---- helpers ----

    record ReplicaQuota(GrantAdmission admission, Redis client, RedisConnection connection) {
        Uni<Admission> admit(Caller caller) {
            return admission.admit(caller, "clerk", WAYBILL, new RequestContext(Tokens.DEVICE, "127.0.0.1", "race"),
                    java.util.UUID.randomUUID().toString(),
                    new AuditPublisher.SignedEntry("{\"action\": \"GRANT_ISSUED\"}", "test-key-id", "test-signature"));
        }

        void close() {
            connection.close().await().atMost(Duration.ofSeconds(5));
            client.close();
        }
    }

    ReplicaQuota replica() {
        Redis client = Redis.createClient(vertx, redisUrl);
        RedisConnection connection = client.connect().await().atMost(Duration.ofSeconds(5));
        return new ReplicaQuota(new GrantAdmission(new ReactiveRedisDataSourceImpl(vertx, client, connection), config,
                detection, clock), client, connection);
    }

    static boolean granted(Admission admission) {
        return admission.outcome() == Admission.Outcome.GRANTED;
    }

    static List<Admission> join(List<Uni<Admission>> attempts) {
        return Uni.join().all(attempts).andFailFast().await().atMost(Duration.ofSeconds(30));
    }

    void override(String sub, long perMinute, long perHour, long perDay) {
        given().auth().oauth2(Tokens.admin(Tokens.newSub())).contentType(ContentType.JSON)
                .body(Map.of("perMinute", perMinute, "perHour", perHour, "perDay", perDay))
                .put("/api/v1/admin/quotas/accounts/" + sub)
                .then().statusCode(200);
    }

    String minuteKey(String sub) {
        long now = clock.epochSecond();
        return config.quota().keyPrefix() + ":acct:" + sub + ":60:" + (now - now % 60);
    }

    void clearOutlet(String outlet) {
        List<String> keys = redis.key().keys(config.quota().keyPrefix() + ":outlet:" + outlet + ":*");
        if (!keys.isEmpty()) {
            redis.key().del(keys.toArray(String[]::new));
        }
    }

    JsonNode tightestWindow(String token) {
        JsonNode windows = quota(token).get("windows");
        JsonNode tightest = null;
        for (JsonNode window : windows) {
            if (tightest == null || window.get("remaining").asLong() < tightest.get("remaining").asLong()) {
                tightest = window;
            }
        }
        return tightest;
    }

    long hourReset(String token) {
        for (JsonNode window : quota(token).get("windows")) {
            if ("hour".equals(window.get("window").asText())) {
                return window.get("resetSeconds").asLong();
            }
        }
        throw new AssertionError("no hour window");
    }

    JsonNode quota(String token) {
        try {
            return json.readTree(given().auth().oauth2(token).get("/api/v1/quota").then().statusCode(200)
                    .extract().asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
