package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.DetectionConfig;
import com.waybillguard.gateway.domain.AlertMode;
import com.waybillguard.gateway.domain.DetectionRule;
import com.waybillguard.gateway.domain.Severity;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The validated detection configuration ({@code wg.detection.*}): a bad mode, severity, window or threshold
 * stops the start with a message naming the property.
 */
@Startup
@ApplicationScoped
public class DetectionSettings {

    /** Mode, severity and window of one rule. */
    public record RuleSettings(DetectionRule rule, AlertMode mode, Severity severity, Duration window) {
    }

    /** The shortest and longest window a rule may have. */
    static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    static final Duration MAX_WINDOW = Duration.ofDays(1);

    private static final String PREFIX = "wg.detection.";

    private final DetectionConfig config;
    private final Map<DetectionRule, RuleSettings> rules = new EnumMap<>(DetectionRule.class);

    public DetectionSettings(DetectionConfig config) {
        this.config = config;
        rules.put(DetectionRule.ENUMERATION, rule(DetectionRule.ENUMERATION, config.enumeration().mode(),
                config.enumeration().severity(), config.enumeration().window()));
        rules.put(DetectionRule.SHARED_ACCOUNT, rule(DetectionRule.SHARED_ACCOUNT, config.sharedAccount().mode(),
                config.sharedAccount().severity(), config.sharedAccount().window()));
        rules.put(DetectionRule.VOLUME, rule(DetectionRule.VOLUME, config.volume().mode(),
                config.volume().severity(), config.volume().window()));
        atLeastOne(PREFIX + "enumeration.distance", config.enumeration().distance());
        knownRoles("enumeration", config.enumeration().roles().keySet());
        knownRoles("shared-account", config.sharedAccount().roles().keySet());
        knownRoles("volume", config.volume().roles().keySet());
        for (String role : AccessPolicy.GRANT_ROLES) {
            atLeastOne(threshold("enumeration", role, "max-linked"), maxLinked(role));
            atLeastOne(threshold("shared-account", role, "max-devices"), maxDevices(role));
            atLeastOne(threshold("shared-account", role, "max-networks"), maxNetworks(role));
            if (!config.volume().roles().containsKey(role)) {
                throw new IllegalStateException(threshold("volume", role, "max-grants") + " is missing");
            }
            atLeastOne(threshold("volume", role, "max-grants"), maxGrants(role));
        }
    }

    public RuleSettings rule(DetectionRule rule) {
        return rules.get(rule);
    }

    public String keyPrefix() {
        return config.keyPrefix();
    }

    public long distance() {
        return config.enumeration().distance();
    }

    public long maxLinked(String role) {
        return limit(config.enumeration().roles(), role, DetectionConfig.EnumerationLimits::maxLinked);
    }

    public long maxDevices(String role) {
        return limit(config.sharedAccount().roles(), role, DetectionConfig.SharedAccountLimits::maxDevices);
    }

    public long maxNetworks(String role) {
        return limit(config.sharedAccount().roles(), role, DetectionConfig.SharedAccountLimits::maxNetworks);
    }

    public long maxGrants(String role) {
        return limit(config.volume().roles(), role, DetectionConfig.VolumeLimits::maxGrants);
    }

    private static <T> long limit(Map<String, T> roles, String role, ToLongFunction<T> value) {
        T limits = roles.get(role);
        if (limits == null) {
            throw new IllegalArgumentException("no detection thresholds for role " + role);
        }
        return value.applyAsLong(limits);
    }

    private static RuleSettings rule(DetectionRule rule, String mode, String severity, Duration window) {
        String at = PREFIX + rule.key() + ".";
        AlertMode parsedMode = AlertMode.parse(mode).orElseThrow(() -> new IllegalStateException(
                at + "mode must be shadow or enforce, was '" + mode + "'"));
        Severity parsedSeverity = Severity.parse(severity).orElseThrow(() -> new IllegalStateException(
                at + "severity must be one of " + Arrays.toString(Severity.values()) + ", was '" + severity + "'"));
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalStateException(at + "window must be between 1 s and 1 day, was " + window);
        }
        return new RuleSettings(rule, parsedMode, parsedSeverity, window);
    }

    private static void knownRoles(String rule, Set<String> roles) {
        for (String role : roles) {
            if (!AccessPolicy.GRANT_ROLES.contains(role)) {
                throw new IllegalStateException(PREFIX + rule + ".roles." + role + ": only " + AccessPolicy.GRANT_ROLES
                        + " hold grants");
            }
        }
    }

    private static String threshold(String rule, String role, String name) {
        return PREFIX + rule + ".roles." + role + "." + name;
    }

    private static void atLeastOne(String property, long value) {
        if (value < 1) {
            throw new IllegalStateException(property + " must be at least 1, was " + value);
        }
    }
}
