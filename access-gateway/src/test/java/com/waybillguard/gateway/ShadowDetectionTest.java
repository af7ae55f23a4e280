package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shadow mode (own profile: every gateway rule in shadow): a tripped rule grants normally and reports exactly one
 * {@code ALERT_RAISED} per account, rule and window, appended after the grant's {@code GRANT_ISSUED}; nothing is
 * suspended.
 */
@QuarkusTest
@TestProfile(ShadowDetectionTest.Shadow.class)
class ShadowDetectionTest {

    TestClock clock;

    public static class Shadow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wg.detection.enumeration.mode", "shadow",
                    "wg.detection.shared-account.mode", "shadow",
                    "wg.detection.volume.mode", "shadow");
        }
    }

    @BeforeEach
    void startOfAnHour() {
        clock = TestClock.installAt(TestClock.secondsIntoAMinute(0).plus(Duration.ofHours(2)));
    }

    @Test
    void aShadowTripGrantsAndAlertsOncePerWindow() {
        String sub = Tokens.newSub();
        String token = Tokens.clerk(sub);
        long first = 2026112850000L;
        for (int i = 0; i < 30; i++) {
            DetectionTest.grant(token, "YT" + (first + i), "COUNTER_INQUIRY", Tokens.DEVICE).then().statusCode(201);
            clock.advance(Duration.ofSeconds(1));
        }
        List<JsonNode> events = AuditStream.eventsOf(sub);
        List<JsonNode> alerts = events.stream().filter(e -> "ALERT_RAISED".equals(e.path("action").asText())).toList();
        assertEquals(List.of("ENUMERATION", "VOLUME"), alerts.stream().map(a -> a.at("/alert/rule").asText()).toList(),
                "one alert per rule in the window, though both stayed tripped");
        for (JsonNode alert : alerts) {
            assertEquals("shadow", alert.at("/alert/mode").asText());
            assertEquals("false", alert.at("/alert/suspended").asText());
            // right after the GRANT_ISSUED it points at
            JsonNode before = events.get(events.indexOf(alert) - 1);
            assertEquals("GRANT_ISSUED", before.path("action").asText());
            assertEquals(before.path("eventId").asText(), alert.at("/alert/eventIds").asText());
        }
        assertEquals("11", alerts.get(0).at("/alert/figure.linked").asText());
        assertEquals("16", alerts.get(1).at("/alert/figure.grants").asText());
        assertEquals(30, events.stream().filter(e -> "GRANT_ISSUED".equals(e.path("action").asText())).count());
        assertTrue(events.stream().noneMatch(e -> "GRANT_REFUSED".equals(e.path("action").asText())
                || "ACCOUNT_SUSPENDED".equals(e.path("action").asText())));
        assertNull(Suspensions.marker(sub));

        // the next ENUMERATION window: one alert again
        clock.advance(Duration.ofMinutes(11));
        for (int i = 0; i < 12; i++) {
            DetectionTest.grant(token, "YT" + (first + 100 + i), "COUNTER_INQUIRY", Tokens.DEVICE).then().statusCode(201);
            clock.advance(Duration.ofSeconds(20));
        }
        assertEquals(List.of("ENUMERATION", "VOLUME", "ENUMERATION"), AuditStream.eventsOf(sub).stream()
                .filter(e -> "ALERT_RAISED".equals(e.path("action").asText()))
                .map(a -> a.at("/alert/rule").asText()).toList());
    }
}
