package com.waybillguard.audit.service;

import com.waybillguard.audit.config.DetectionConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules' configuration: the defaults of the design, and a bad value stops the start naming its property. */
class DetectionRulesTest {

    private static DetectionRules rules(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of("wg.detection.scope-probing.roles.clerk.max-reads", "10"));
        properties.putAll(overrides);
        // Quarkus' own converter reads "10m", "1h" as application.properties does
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(DetectionConfig.class)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
        return new DetectionRules(config.getConfigMapping(DetectionConfig.class));
    }

    @Test
    void defaultsAreTheDesigns() {
        DetectionRules rules = rules(Map.of());
        DetectionRules.Rule probing = rules.all().get(0);
        assertEquals("SCOPE_PROBING", probing.name());
        assertTrue(probing.enforce());
        assertEquals("MEDIUM", probing.severity());
        assertEquals(Duration.ofMinutes(10), probing.window());
        assertEquals(" TRACKING-only or refused reads in 10 min", probing.summary());
        DetectionRules.Rule offHours = rules.all().get(1);
        assertEquals("OFF_HOURS", offHours.name());
        assertFalse(offHours.enforce());
        assertEquals("LOW", offHours.severity());
        DetectionRules.Rule volume = rules.all().get(2);
        assertEquals("VOLUME", volume.name());
        assertEquals(" reads in 1 h", volume.summary());
        assertEquals("{wg}:detect:s-1:volume:reads", rules.windowKey("s-1", volume), "not the gateway's volume:* keys");
    }

    @Test
    void businessHoursAndNeverOpen() {
        DetectionRules.Hours day = new DetectionRules.Hours(java.time.LocalTime.of(7, 0), java.time.LocalTime.of(21, 0));
        assertTrue(day.isOpen(java.time.LocalTime.of(7, 0)));
        assertFalse(day.isOpen(java.time.LocalTime.of(21, 0)));
        assertFalse(day.isOpen(java.time.LocalTime.of(6, 59)));
        DetectionRules.Hours never = new DetectionRules.Hours(java.time.LocalTime.MIDNIGHT, java.time.LocalTime.MIDNIGHT);
        assertFalse(never.isOpen(java.time.LocalTime.NOON));
        DetectionRules.Hours always = new DetectionRules.Hours(java.time.LocalTime.MIDNIGHT, java.time.LocalTime.MIDNIGHT, true);
        assertTrue(always.isOpen(java.time.LocalTime.MIDNIGHT));
        assertTrue(always.isOpen(java.time.LocalTime.of(23, 59, 59)));
        DetectionRules.Hours night = new DetectionRules.Hours(java.time.LocalTime.of(20, 0), java.time.LocalTime.of(6, 0));
        assertTrue(night.isOpen(java.time.LocalTime.of(23, 0)));
        assertFalse(night.isOpen(java.time.LocalTime.NOON));
    }

    @Test
    void aBadValueNamesItsProperty() {
        Map<String, String> bad = Map.of(
                "wg.detection.volume.mode", "wg.detection.volume.mode must be shadow or enforce, not 'block'",
                "wg.detection.off-hours.severity", "wg.detection.off-hours.severity must be LOW, MEDIUM, HIGH or CRITICAL, not 'block'",
                "wg.detection.scope-probing.roles.clerk.max-reads", "wg.detection.scope-probing.roles.clerk.max-reads must be at least 1, not 0",
                "wg.detection.off-hours.business-hours", "wg.detection.off-hours.business-hours must be HH:mm-HH:mm such as 07:00-21:00, not 'block'",
                "wg.detection.off-hours.outlet-hours", "wg.detection.off-hours.outlet-hours entries must be OUTLET=HH:mm-HH:mm such as HD-YN=08:00-20:00, not 'block'",
                "wg.detection.off-hours.zone", "wg.detection.off-hours.zone must be a time zone such as Asia/Shanghai, not 'block'",
                "wg.detection.scope-probing.window", "wg.detection.scope-probing.window must be a positive number of whole seconds, not PT0S");
        bad.forEach((property, message) -> {
            String value = property.endsWith("max-reads") ? "0" : property.endsWith("window") ? "0s" : "block";
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> rules(Map.of(property, value)), property);
            assertEquals(message, e.getMessage());
        });
    }
}
