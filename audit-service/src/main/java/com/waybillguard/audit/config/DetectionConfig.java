package com.waybillguard.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Detection ({@code wg.detection.*}): the streaming rules decided here (SCOPE_PROBING, OFF_HOURS, VOLUME sustained),
 * their Redis state, and how reinstatement clears an account's state (its own and that of the rules decided by the
 * other services). Modes are {@code shadow} or {@code enforce}, severities {@code LOW|MEDIUM|HIGH|CRITICAL};
 * per-role thresholds are maps keyed by role (defaults in application.properties); a role without a threshold is
 * not watched by that rule. Every value is checked at start (a bad one names its property).
 */
@ConfigMapping(prefix = "wg.detection")
public interface DetectionConfig {

    /**
     * Prefix of every detection key; every key of one account is {@code <prefix><sub>:<rule>...}; starts with the
     * suite's hash tag.
     */
    @WithDefault("{wg}:detect:")
    String keyPrefix();

    /**
     * Longest time a reinstatement may spend deleting the account's detection state; beyond it the
     * reinstatement answers 503 and lifts nothing.
     */
    @WithDefault("2s")
    Duration resetTimeout();

    /** Only read events of this source count (this deployment's waybill-service). */
    @WithDefault("waybill-service")
    String readSource();

    /** Events stamped later than now plus this are ignored by the rules (a producer clock far ahead would shift windows). */
    @WithDefault("30s")
    Duration maxClockSkew();

    /** Most evidence event ids an alert of these rules carries: the newest reads of the window. */
    @WithDefault("20")
    int maxEvidence();

    /** SCOPE_PROBING: TRACKING-only reads and reads refused as out of scope, not allowed, not found or mismatched. */
    ScopeProbing scopeProbing();

    /** VOLUME (sustained): reads per window. */
    Volume volume();

    /** OFF_HOURS: reads outside the business hours of the reader's outlet. */
    OffHours offHours();

    interface ScopeProbing {
        /** {@code enforce} (alert and suspend) or {@code shadow} (alert only, once per window). */
        @WithDefault("enforce")
        String mode();

        /** Severity of its alerts. */
        @WithDefault("MEDIUM")
        String severity();

        /** Sliding window the reads are counted in. */
        @WithDefault("10m")
        Duration window();

        /** Per role: the most such reads in the window; the next one trips. */
        Map<String, Threshold> roles();
    }

    interface Volume {
        /** {@code enforce} (alert and suspend) or {@code shadow} (alert only, once per window). */
        @WithDefault("shadow")
        String mode();

        /** Severity of its alerts. */
        @WithDefault("MEDIUM")
        String severity();

        /** Sliding window the reads are counted in. */
        @WithDefault("1h")
        Duration window();

        /** Per role: the most reads in the window; the next one trips. */
        Map<String, Threshold> roles();
    }

    interface OffHours {
        /** {@code enforce} (alert and suspend) or {@code shadow} (alert only, once per window). */
        @WithDefault("shadow")
        String mode();

        /** Severity of its alerts. */
        @WithDefault("LOW")
        String severity();

        /** Sliding window the off-hours reads are counted in. */
        @WithDefault("1h")
        Duration window();

        /** Per role: the most off-hours reads in the window; the next one trips. */
        Map<String, Threshold> roles();

        /** Business hours of an outlet without an override, {@code HH:mm-HH:mm} (end exclusive; equal ends: never open). */
        @WithDefault("07:00-21:00")
        String businessHours();

        /** Time zone of the business hours. */
        @WithDefault("Asia/Shanghai")
        String zone();

        /**
         * Business hours of particular outlets, {@code OUTLET=HH:mm-HH:mm} each, comma separated (one variable sets
         * them all: {@code WG_DETECTION_OFF_HOURS_OUTLET_HOURS=XT-SH=08:00-18:00,HD-YN=00:00-24:00}).
         */
        Optional<List<String>> outletHours();
    }

    interface Threshold {
        /** The most counted reads in the window. */
        int maxReads();
    }
}
