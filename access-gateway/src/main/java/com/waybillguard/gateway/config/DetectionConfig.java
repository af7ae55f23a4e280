package com.waybillguard.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;

import java.time.Duration;
import java.util.Map;

/**
 * The detection rules the gateway decides at grant time (prefix {@code wg.detection}): ENUMERATION, SHARED_ACCOUNT
 * and the VOLUME burst. Modes, severities, windows and per-role thresholds; validated at start (a bad value stops
 * the start with a message naming the property). The README's "Detection" section explains each rule.
 */
@ConfigMapping(prefix = "wg.detection")
public interface DetectionConfig {

    /** Redis key prefix of the detection state: {@code <prefix><sub>:<rule>...}; starts with the suite's hash tag. */
    @WithDefault("{wg}:detect:")
    String keyPrefix();

    /** ENUMERATION: near-consecutive waybill numbers asked by one account within the window. */
    Enumeration enumeration();

    /** SHARED_ACCOUNT: more devices or networks on one account within the window than allowed. */
    SharedAccount sharedAccount();

    /** VOLUME (burst): grants of one account within a short sliding window far above the role's baseline. */
    Volume volume();

    interface Enumeration {
        /** {@code enforce} (refuse, suspend, alert) or {@code shadow} (alert once per window, grant). */
        @WithDefault("enforce")
        String mode();

        /** Severity of its alerts: LOW, MEDIUM, HIGH or CRITICAL. */
        @WithDefault("HIGH")
        String severity();

        /** Sliding window over which waybill numbers are compared. */
        @WithDefault("10m")
        Duration window();

        /** Two numbers are near when their numeric parts differ by 1 up to this. */
        @WithDefault("5")
        long distance();

        /** Per-role thresholds (a role not listed gets the defaults). */
        @WithDefaults
        Map<String, EnumerationLimits> roles();
    }

    interface EnumerationLimits {
        /** Most numbers in the window that have a near neighbour in the window; one more trips the rule. */
        @WithDefault("10")
        long maxLinked();
    }

    interface SharedAccount {
        /** {@code enforce} or {@code shadow}. */
        @WithDefault("enforce")
        String mode();

        /** Severity of its alerts: LOW, MEDIUM, HIGH or CRITICAL. */
        @WithDefault("HIGH")
        String severity();

        /** Sliding window over which devices and networks are counted. */
        @WithDefault("10m")
        Duration window();

        /** Per-role thresholds (a role not listed gets the defaults). */
        @WithDefaults
        Map<String, SharedAccountLimits> roles();
    }

    interface SharedAccountLimits {
        /** Most distinct devices (X-Device-Id hashes) in the window. */
        @WithDefault("1")
        long maxDevices();

        /** Most distinct client networks (IPv4 /24, IPv6 /48) in the window. */
        @WithDefault("2")
        long maxNetworks();
    }

    interface Volume {
        /** {@code enforce} or {@code shadow}. */
        @WithDefault("enforce")
        String mode();

        /** Severity of its alerts: LOW, MEDIUM, HIGH or CRITICAL. */
        @WithDefault("HIGH")
        String severity();

        /** Sliding window of the burst. */
        @WithDefault("2m")
        Duration window();

        /** Per-role thresholds; every role that holds grants needs one (set in application.properties). */
        Map<String, VolumeLimits> roles();
    }

    interface VolumeLimits {
        /** Most grants in the window; the grant that would be one more trips the rule. */
        long maxGrants();
    }
}
