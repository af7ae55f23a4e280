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
import com.waybillguard.gateway.service.QuotaSettings;
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
 * all-or-nothing consumption, the sliding minute and hour windows (no window edge doubles a limit), and the
 * {@code RateLimit-*} / {@code Retry-After} headers. The quota clock is a {@link TestClock} that stands still until a
 * test moves it: no test waits for time to pass, and a grant leaves a window the instant the clock says so.
 */
@QuarkusTest
class QuotaTest {

    /** Where each test's clock starts: 15 s into a minute (a sliding window does not care). */
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
    QuotaSettings quotas;

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
                assertEquals("60", response.headers().firstValue("Retry-After").orElseThrow(),
                        "until the grants (all at this instant) leave the minute window");
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
            assertEquals(9, grantsLogged(sub));

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
                    "Retry-After: until the first grant leaves the hour window");
            assertEquals("3600", refused.header("Retry-After"));
        }
        // the refusals took nothing from the minute, day and outlet windows
        given().auth().oauth2(clerk).get("/api/v1/quota").then().statusCode(200)
                .body("windows.find { it.window == 'minute' }.limit", equalTo(5))
                .body("windows.find { it.window == 'minute' }.remaining", equalTo(3))
                .body("windows.find { it.window == 'hour' }.remaining", equalTo(0))
                .body("windows.find { it.window == 'day' }.remaining", equalTo(98));
        assertEquals(2, grantsLogged(sub));
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
            assertEquals(60, Long.parseLong(granted.header("RateLimit-Reset")), "the oldest grant leaves in 60 s");
            assertEquals(tightest.get("resetSeconds").asLong(), Long.parseLong(granted.header("RateLimit-Reset")));
        }
        Response refused = GrantResourceTest.requestGrant(courier, WAYBILL, "DELIVERY");
        refused.then().statusCode(429).header("RateLimit-Limit", "4").header("RateLimit-Remaining", "0");
        assertEquals(tightestWindow(courier).get("resetSeconds").asLong(), Long.parseLong(refused.header("Retry-After")));
    }

    @Test
    void grantsAtTheEndOfAMinuteLeaveNoneForTheStartOfTheNext() {
        clock = TestClock.installAt(TestClock.secondsIntoAMinute(59).plusMillis(900));
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub);
        override(sub, 3, 100, 1000);
        for (int i = 0; i < 3; i++) {
            GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        }

        // :00.1 of the next minute: a fixed window would start afresh here and grant three more
        clock.advance(Duration.ofMillis(200));
        for (int i = 0; i < 2; i++) {
            GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(429)
                    .body("type", equalTo(PROBLEMS + "quota-exceeded"))
                    .header("RateLimit-Limit", "3").header("RateLimit-Remaining", "0")
                    .header("RateLimit-Reset", "60").header("Retry-After", "60");
        }
        assertEquals(3, grantsLogged(sub), "the refusals consumed nothing");

        // 1 ms before the grants of :59.9 are 60 s old: still refused, and Retry-After counts down with the clock
        clock.advance(Duration.ofMillis(59_799));
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(429)
                .header("Retry-After", "1").header("RateLimit-Reset", "1");
        // then they leave the window: granted again, and the hour and day kept counting
        clock.advance(Duration.ofMillis(1));
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Limit", "3").header("RateLimit-Remaining", "2").header("RateLimit-Reset", "60");
        given().auth().oauth2(clerk).get("/api/v1/quota").then().statusCode(200)
                .body("windows.find { it.window == 'minute' }.remaining", equalTo(2))
                .body("windows.find { it.window == 'hour' }.remaining", equalTo(96))
                .body("windows.find { it.window == 'day' }.remaining", equalTo(996));
    }

    @Test
    void grantsAtTheEndOfAnHourLeaveNoneForTheStartOfTheNext() {
        clock = TestClock.installAt(TestClock.secondsIntoAMinute(0).plus(Duration.ofHours(1)).minusMillis(100));
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub);
        override(sub, 100, 3, 1000);
        for (int i = 0; i < 3; i++) {
            GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        }

        // 00:00.1 of the next hour, and a minute later: still the same hour's three
        clock.advance(Duration.ofMillis(200));
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(429)
                .header("RateLimit-Limit", "3").header("RateLimit-Remaining", "0").header("Retry-After", "3600");
        clock.advance(Duration.ofMinutes(1));
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(429)
                .header("Retry-After", "3540");
        assertEquals(3, grantsLogged(sub), "the refusals consumed nothing");

        clock.advance(Duration.ofMinutes(59).minusMillis(201));
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(429)
                .header("Retry-After", "1");
        clock.advance(Duration.ofMillis(1));
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Limit", "3").header("RateLimit-Remaining", "2");
    }

    @Test
    void retryAfterWaitsUntilEnoughOfTheOldestGrantsHaveLeft() {
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub);
        override(sub, 3, 100, 1000);
        // grants 10 s apart: t, t+10, t+20
        for (int i = 0; i < 3; i++) {
            GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                    .header("RateLimit-Remaining", String.valueOf(2 - i))
                    .header("RateLimit-Reset", String.valueOf(60 - 10 * i)); // the first grant leaves at t+60
            clock.advance(Duration.ofSeconds(10));
        }
        // t+30: the first leaves at t+60
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(429)
                .header("Retry-After", "30").header("RateLimit-Reset", "30");
        clock.advance(Duration.ofSeconds(30));
        // t+60: one left, one granted; the next waits for the second (t+70)
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Remaining", "0").header("RateLimit-Reset", "10");
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(429)
                .header("Retry-After", "10");

        // the limit lowered to 1 under three counted grants (t+10, t+20, t+60): one more only once all three have
        // left, i.e. when the third oldest (t+60) leaves, at t+120
        override(sub, 1, 100, 1000);
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(429)
                .header("RateLimit-Limit", "1").header("Retry-After", "60");
        given().auth().oauth2(clerk).get("/api/v1/quota").then().statusCode(200)
                .body("windows.find { it.window == 'minute' }.remaining", equalTo(0))
                .body("windows.find { it.window == 'minute' }.resetSeconds", equalTo(60));
        clock.advance(Duration.ofSeconds(60));
        GrantResourceTest.requestGrant(clerk, WAYBILL, "COUNTER_INQUIRY").then().statusCode(201)
                .header("RateLimit-Limit", "1").header("RateLimit-Remaining", "0");
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
                quotas, detection, clock), client, connection);
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

    /** The grants in the account's log (its last hour), which the minute and hour windows count. */
    long grantsLogged(String sub) {
        return redis.sortedSet(String.class).zcard(config.quota().keyPrefix() + ":acct:" + sub + ":grants");
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
