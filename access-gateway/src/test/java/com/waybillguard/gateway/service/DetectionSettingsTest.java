package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.DetectionConfig;
import com.waybillguard.gateway.domain.AlertMode;
import com.waybillguard.gateway.domain.DetectionRule;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code wg.detection.*} is validated at start: a bad value stops it with a message naming the property. */
class DetectionSettingsTest {

    static final Map<String, String> VOLUME = Map.of(
            "wg.detection.volume.roles.clerk.max-grants", "15",
            "wg.detection.volume.roles.courier.max-grants", "20",
            "wg.detection.volume.roles.cs_agent.max-grants", "12");

    static DetectionSettings settings(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(VOLUME);
        properties.putAll(overrides);
        DetectionConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(DetectionConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build()
                .getConfigMapping(DetectionConfig.class);
        return new DetectionSettings(config);
    }

    static void refused(String property, String value, String expected) {
        Map<String, String> overrides = new HashMap<>();
        if (value == null) {
            overrides.put(property, "");
        } else {
            overrides.put(property, value);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> settings(overrides));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void theDefaultsAreTheDesignsThresholds() {
        DetectionSettings settings = settings(Map.of());
        assertEquals(AlertMode.ENFORCE, settings.rule(DetectionRule.ENUMERATION).mode());
        assertEquals(Duration.ofMinutes(10), settings.rule(DetectionRule.ENUMERATION).window());
        assertEquals(Duration.ofMinutes(2), settings.rule(DetectionRule.VOLUME).window());
        assertEquals(5, settings.distance());
        assertEquals(10, settings.maxLinked("courier"));
        assertEquals(1, settings.maxDevices("cs_agent"));
        assertEquals(2, settings.maxNetworks("clerk"));
        assertEquals(12, settings.maxGrants("cs_agent"));
        assertEquals("{wg}:detect:", settings.keyPrefix());
    }

    @Test
    void aBadValueNamesItsProperty() {
        refused("wg.detection.enumeration.mode", "sometimes", "wg.detection.enumeration.mode must be shadow or enforce, was 'sometimes'");
        refused("wg.detection.volume.severity", "SEVERE", "wg.detection.volume.severity must be one of");
        refused("wg.detection.shared-account.window", "0s", "wg.detection.shared-account.window must be between 1 s and 1 day");
        refused("wg.detection.volume.roles.clerk.max-grants", "-3", "wg.detection.volume.roles.clerk.max-grants must be at least 1, was -3");
        refused("wg.detection.enumeration.roles.courier.max-linked", "0", "wg.detection.enumeration.roles.courier.max-linked must be at least 1");
        refused("wg.detection.shared-account.roles.clerk.max-networks", "-1", "wg.detection.shared-account.roles.clerk.max-networks must be at least 1");
        refused("wg.detection.enumeration.distance", "0", "wg.detection.enumeration.distance must be at least 1");
        refused("wg.detection.volume.roles.auditor.max-grants", "5", "wg.detection.volume.roles.auditor: only [clerk, courier, cs_agent]");
    }

    @Test
    void everyGrantRoleNeedsAVolumeThreshold() {
        DetectionConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(DetectionConfig.class)
                .withSources(new PropertiesConfigSource(Map.of("wg.detection.volume.roles.clerk.max-grants", "15"), "test", 500))
                .build()
                .getConfigMapping(DetectionConfig.class);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DetectionSettings(config));
        assertEquals("wg.detection.volume.roles.courier.max-grants is missing", e.getMessage());
    }
}
