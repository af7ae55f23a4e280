package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.Caller;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code wg.quota.*} is validated at start: a bad zone or a negative ceiling stops it with a message naming the property. */
class QuotaSettingsTest {

    /** What the gateway needs besides the quota settings under test, and the role defaults. */
    static final Map<String, String> REQUIRED = Map.ofEntries(
            Map.entry("wg.console.session-secret", "test-only-console-session-secret-0123456789"),
            Map.entry("wg.audit.signing-key", "dGVzdC1vbmx5IHN0cmVhbSBrZXkgb2YgYWNjZXNzLWdhdGV3YXkuLg=="),
            Map.entry("wg.quota.roles.clerk.per-minute", "30"),
            Map.entry("wg.quota.roles.clerk.per-hour", "300"),
            Map.entry("wg.quota.roles.clerk.per-day", "1500"),
            Map.entry("wg.quota.roles.courier.per-minute", "60"),
            Map.entry("wg.quota.roles.courier.per-hour", "600"),
            Map.entry("wg.quota.roles.courier.per-day", "3000"),
            Map.entry("wg.quota.roles.cs_agent.per-minute", "20"),
            Map.entry("wg.quota.roles.cs_agent.per-hour", "200"),
            Map.entry("wg.quota.roles.cs_agent.per-day", "1000"),
            Map.entry("wg.quota.override-max.per-minute", "300"),
            Map.entry("wg.quota.override-max.per-hour", "3000"),
            Map.entry("wg.quota.override-max.per-day", "15000"));

    static final Caller CS_AGENT = new Caller("s-1", "cs", Set.of("cs_agent"), null, null);
    static final Caller CLERK_YN = new Caller("s-2", "clerk", Set.of("clerk"), "HD-YN", null);
    static final Caller CLERK_UR = new Caller("s-3", "clerk", Set.of("clerk"), "XJ-UR", null);

    static QuotaSettings settings(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(REQUIRED);
        properties.putAll(overrides);
        GatewayConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(GatewayConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build()
                .getConfigMapping(GatewayConfig.class);
        return new QuotaSettings(config);
    }

    static void refused(String property, String value, String expected) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> settings(Map.of(property, value)));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void theDefaultsCountInBeijingTimeWithACeilingPerRole() {
        QuotaSettings settings = settings(Map.of());
        assertEquals(ZoneId.of("Asia/Shanghai"), settings.zone(CS_AGENT));
        assertEquals(ZoneId.of("Asia/Shanghai"), settings.zone(CLERK_YN));
        assertEquals(new QuotaSettings.SharedDay("role-day", "role:cs_agent", 20000),
                settings.sharedDay(CS_AGENT, "cs_agent"), "the role's pool");
        assertEquals(new QuotaSettings.SharedDay("outlet-day", "outlet:HD-YN", 20000),
                settings.sharedDay(CLERK_YN, "clerk"), "the outlet's");
        assertEquals(30, settings.limits("clerk").perMinute());
    }

    @Test
    void zonesAndCeilingsPerOutletAndRole() {
        QuotaSettings settings = settings(Map.of(
                "wg.quota.zone", "Asia/Hong_Kong",
                "wg.quota.outlet-zones.\"XJ-UR\"", "Asia/Urumqi",
                "wg.quota.outlets.\"HD-YN\"", "30000",
                "wg.quota.role-per-day", "5000",
                "wg.quota.role-ceilings.cs_agent", "8000"));
        assertEquals(ZoneId.of("Asia/Urumqi"), settings.zone(CLERK_UR));
        assertEquals(ZoneId.of("Asia/Hong_Kong"), settings.zone(CLERK_YN), "an outlet without a zone of its own");
        assertEquals(ZoneId.of("Asia/Hong_Kong"), settings.zone(CS_AGENT), "an account without an outlet");
        assertEquals(30000, settings.sharedDay(CLERK_YN, "clerk").ceiling());
        assertEquals(20000, settings.sharedDay(CLERK_UR, "clerk").ceiling());
        assertEquals(8000, settings.sharedDay(CS_AGENT, "cs_agent").ceiling());
        assertEquals(5000, settings.sharedDay(new Caller("s-4", "c", Set.of("courier"), null, null), "courier").ceiling());
    }

    @Test
    void aBadZoneOrANegativeCeilingStopsTheStart() {
        refused("wg.quota.zone", "Mars/Olympus",
                "wg.quota.zone must be a time zone id such as Asia/Shanghai, was 'Mars/Olympus'");
        refused("wg.quota.outlet-zones.\"HD-YN\"", "Beijing",
                "wg.quota.outlet-zones.\"HD-YN\" must be a time zone id such as Asia/Shanghai, was 'Beijing'");
        refused("wg.quota.role-ceilings.cs_agent", "-1", "wg.quota.role-ceilings.cs_agent must not be negative, was -1");
        refused("wg.quota.role-per-day", "-5", "wg.quota.role-per-day must not be negative, was -5");
        refused("wg.quota.outlet-per-day", "-1", "wg.quota.outlet-per-day must not be negative, was -1");
        refused("wg.quota.outlets.\"HD-YN\"", "-2", "wg.quota.outlets.\"HD-YN\" must not be negative, was -2");
        refused("wg.quota.role-ceilings.auditor", "100",
                "wg.quota.role-ceilings.auditor: only [clerk, courier, cs_agent] get grants");
        refused("wg.quota.roles.courier.per-hour", "-1", "wg.quota.roles.courier: limits must not be negative");
    }
}
