package com.waybillguard.waybill.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HONEYTOKEN rule in shadow mode: the alert is raised, the reader is not suspended. */
@QuarkusTest
@TestProfile(HoneytokenShadowTest.Shadow.class)
class HoneytokenShadowTest {

    public static class Shadow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wg.detection.honeytoken.mode", "shadow");
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void alertsWithoutSuspending() {
        String canary = HoneytokenTest.create(true);
        String sub = HoneytokenTest.sub("clerk-shadow");
        HoneytokenTest.read(sub, "HD-JZ", canary, HoneytokenTest.grant(sub, canary, "HD-JZ").sign())
                .statusCode(200).body("view", equalTo("COUNTER_INQUIRY"));

        assertNull(redis.value(String.class).get(HoneytokenTest.SUSPENDED + sub), "shadow mode suspended");
        List<JsonNode> events = HoneytokenTest.eventsOf(redis, sub);
        JsonNode read = HoneytokenTest.only(events, "WAYBILL_READ");
        HoneytokenTest.assertNoCanaryMember(read);
        JsonNode alert = HoneytokenTest.only(events, "ALERT_RAISED").path("alert");
        assertEquals("HONEYTOKEN", alert.path("rule").asText());
        assertEquals("CRITICAL", alert.path("severity").asText());
        assertEquals("shadow", alert.path("mode").asText());
        assertEquals("false", alert.path("suspended").asText());
        assertEquals(read.path("eventId").asText(), alert.path("eventIds").asText());
        assertTrue(events.stream().noneMatch(e -> "ACCOUNT_SUSPENDED".equals(e.path("action").asText())), "" + events);

        // the reader goes on reading
        HoneytokenTest.read(sub, "HD-JZ", canary, HoneytokenTest.grant(sub, canary, "HD-JZ").sign()).statusCode(200);
    }
}
