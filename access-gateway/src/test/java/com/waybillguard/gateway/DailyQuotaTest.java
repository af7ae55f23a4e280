package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daily windows are calendar days of the account's zone (own profile: the role ceiling of cs_agent is 3, outlet
 * {@code XT-IN} counts in Asia/Kolkata, everything else in the default Asia/Shanghai): an account's day and its
 * outlet's turn at local midnight, not at UTC midnight; cs_agent accounts without an outlet share one daily pool.
 * The quota clock is a {@link TestClock} on a day no other test counted in.
 */
@QuarkusTest
@TestProfile(DailyQuotaTest.Ceilings.class)
class DailyQuotaTest {

    /** Outlet whose day is India's (UTC+05:30, no daylight saving): it turns at 18:30 UTC. */
    static final String KOLKATA_OUTLET = "XT-IN";

    public static class Ceilings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wg.quota.role-ceilings.cs_agent", "3",
                    "wg.quota.outlet-zones.\"" + KOLKATA_OUTLET + "\"", "Asia/Kolkata");
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Test
    void anAccountsDayTurnsAtMidnightInShanghaiNotAtUtcMidnight() {
        Instant midnightUtc = TestClock.secondsIntoAMinute(0);
        TestClock clock = TestClock.installAt(midnightUtc.plus(Duration.ofHours(15)).plus(Duration.ofMinutes(59)));
        LocalDate today = LocalDate.ofInstant(midnightUtc, ZoneOffset.UTC);
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub); // outlet HD-YN, which has no zone of its own: wg.quota.zone
        override(sub, 2);

        grant(clerk).then().statusCode(201);
        clock.advance(Duration.ofSeconds(1));
        grant(clerk).then().statusCode(201).header("RateLimit-Remaining", "0").header("RateLimit-Reset", "59");
        clock.advance(Duration.ofSeconds(1));
        // 23:59:02 in Shanghai: the day ends in 58 s
        refused(grant(clerk), 58);
        // the counter is named by the local date and outlives the local day by a minute
        String key = "{wg}:quota:acct:" + sub + ":day:" + today;
        assertEquals("2", redis.value(String.class).get(key));
        long ttl = redis.key().pttl(key);
        assertTrue(ttl > 60_000 && ttl <= 120_000, "expires a minute after the local day ends, was " + ttl + " ms");

        // 16:00 UTC is midnight in Shanghai: a new day
        clock.advance(Duration.ofSeconds(58));
        grant(clerk).then().statusCode(201).header("RateLimit-Limit", "2").header("RateLimit-Remaining", "1");
        assertEquals("1", redis.value(String.class).get("{wg}:quota:acct:" + sub + ":day:" + today.plusDays(1)));
        JsonNode day = window(clerk, "day");
        assertEquals(1, day.path("remaining").asLong());
        assertEquals(Duration.ofDays(1).toSeconds(), day.path("resetSeconds").asLong());
        assertEquals(day.path("resetSeconds").asLong(), window(clerk, "outlet-day").path("resetSeconds").asLong());
        grant(clerk).then().statusCode(201);

        // UTC midnight is 08:00 in Shanghai: nothing turns there
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        refused(grant(clerk), Duration.ofHours(16).toSeconds() + 1);
        clock.advance(Duration.ofSeconds(1));
        refused(grant(clerk), Duration.ofHours(16).toSeconds());
    }

    @Test
    void anOutletWithItsOwnZoneTurnsAtItsOwnMidnight() {
        Instant midnightUtc = TestClock.secondsIntoAMinute(0);
        TestClock clock = TestClock.installAt(midnightUtc.plus(Duration.ofHours(15)).plus(Duration.ofMinutes(59)));
        LocalDate today = LocalDate.ofInstant(midnightUtc, ZoneOffset.UTC);
        clearShared("outlet:" + KOLKATA_OUTLET);
        String sub = Tokens.newSub();
        String clerk = Tokens.token(sub, "clerk.in", "clerk", KOLKATA_OUTLET, null);
        override(sub, 2);
        grant(clerk).then().statusCode(201);
        grant(clerk).then().statusCode(201);
        assertEquals("2", redis.value(String.class).get("{wg}:quota:outlet:" + KOLKATA_OUTLET + ":day:" + today));

        // midnight in Shanghai is 21:30 in Kolkata: the outlet's day runs 2.5 h more, for the account and the outlet
        clock.advance(Duration.ofMinutes(1));
        refused(grant(clerk), Duration.ofMinutes(150).toSeconds());
        assertEquals(Duration.ofMinutes(150).toSeconds(), window(clerk, "outlet-day").path("resetSeconds").asLong());

        // 18:30 UTC is midnight in Kolkata
        clock.advance(Duration.ofMinutes(150).minusSeconds(1));
        refused(grant(clerk), 1);
        clock.advance(Duration.ofSeconds(1));
        grant(clerk).then().statusCode(201).header("RateLimit-Remaining", "1");
        assertEquals("1", redis.value(String.class).get("{wg}:quota:outlet:" + KOLKATA_OUTLET + ":day:"
                + today.plusDays(1)));
    }

    @Test
    void csAgentsWithoutAnOutletShareTheirRolesDailyCeiling() {
        Instant midnightUtc = TestClock.secondsIntoAMinute(0);
        // 18:00 in Shanghai: the day ends in 6 h
        TestClock clock = TestClock.installAt(midnightUtc.plus(Duration.ofHours(10)));
        LocalDate today = LocalDate.ofInstant(midnightUtc, ZoneOffset.UTC);
        String pool = "{wg}:quota:role:cs_agent:day:" + today;
        clearShared("role:cs_agent");
        String firstSub = Tokens.newSub();
        String secondSub = Tokens.newSub();
        String first = Tokens.csAgent(firstSub);
        String second = Tokens.csAgent(secondSub);

        csGrant(first).then().statusCode(201).header("RateLimit-Remaining", "2");
        clock.advance(Duration.ofSeconds(1));
        csGrant(first).then().statusCode(201).header("RateLimit-Remaining", "1");
        clock.advance(Duration.ofSeconds(1));
        // the second agent's own day is untouched, the pool is down to its last grant
        csGrant(second).then().statusCode(201)
                .header("RateLimit-Limit", "3").header("RateLimit-Remaining", "0").header("RateLimit-Reset", "21598");
        Response refused = csGrant(second);
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo(GrantResourceTest.PROBLEMS + "quota-exceeded"))
                .header("RateLimit-Limit", "3").header("RateLimit-Remaining", "0").header("RateLimit-Reset", "21598");
        assertEquals("21598", refused.header("Retry-After"), "until midnight in Shanghai");
        csGrant(first).then().statusCode(429).header("Retry-After", "21598");
        JsonNode event = AuditStream.eventsOf(secondSub).stream()
                .filter(e -> "QUOTA_EXCEEDED".equals(e.path("reason").asText())).findFirst().orElse(null);
        assertNotNull(event, "the refusal is audited");

        // nothing consumed by the refusals: the pool, the accounts' days and grant logs
        assertEquals("3", redis.value(String.class).get(pool));
        assertEquals("1", redis.value(String.class).get("{wg}:quota:acct:" + secondSub + ":day:" + today));
        assertEquals(1, redis.sortedSet(String.class).zcard("{wg}:quota:acct:" + secondSub + ":grants"));
        // a third agent sees the empty pool, and its own full day
        String third = Tokens.csAgent(Tokens.newSub());
        given().auth().oauth2(third).get("/api/v1/quota").then().statusCode(200)
                .body("windows.window", equalTo(List.of("minute", "hour", "day", "role-day")))
                .body("windows.find { it.window == 'role-day' }.limit", equalTo(3))
                .body("windows.find { it.window == 'role-day' }.remaining", equalTo(0))
                .body("windows.find { it.window == 'role-day' }.resetSeconds", equalTo(21598))
                .body("windows.find { it.window == 'day' }.remaining", equalTo(1000));

        // midnight in Shanghai: a new pool
        clock.advance(Duration.ofSeconds(21598));
        csGrant(second).then().statusCode(201).header("RateLimit-Remaining", "2");
    }

    // ---- helpers ----

    static Response grant(String token) {
        return GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY");
    }

    static Response csGrant(String token) {
        return GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "CUSTOMER_SERVICE");
    }

    static void refused(Response response, long retryAfter) {
        response.then().statusCode(429).body("type", equalTo(GrantResourceTest.PROBLEMS + "quota-exceeded"))
                .header("RateLimit-Remaining", "0")
                .header("Retry-After", String.valueOf(retryAfter))
                .header("RateLimit-Reset", String.valueOf(retryAfter));
    }

    /** Minute and hour limits out of the way, a day of {@code perDay}. */
    static void override(String sub, long perDay) {
        given().auth().oauth2(Tokens.admin(Tokens.newSub())).contentType(ContentType.JSON)
                .body(Map.of("perMinute", 100, "perHour", 100, "perDay", perDay))
                .put("/api/v1/admin/quotas/accounts/" + sub)
                .then().statusCode(200);
    }

    /** Removes the daily counters of an outlet or a role that an earlier test may have left on the same day. */
    void clearShared(String owner) {
        List<String> keys = redis.key().keys("{wg}:quota:" + owner + ":day:*");
        if (!keys.isEmpty()) {
            redis.key().del(keys.toArray(String[]::new));
        }
    }

    JsonNode window(String token, String name) {
        JsonNode windows;
        try {
            windows = json.readTree(given().auth().oauth2(token).get("/api/v1/quota").then().statusCode(200)
                    .extract().asString()).get("windows");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        for (JsonNode window : windows) {
            if (name.equals(window.path("window").asText())) {
                return window;
            }
        }
        throw new AssertionError("no window " + name + " in " + windows);
    }
}
