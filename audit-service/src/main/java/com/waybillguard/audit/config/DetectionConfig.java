package com.waybillguard.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Detection ({@code wg.detection.*}): the Redis state of the streaming rules decided here, and how reinstatement
 * clears an account's state (its own and that of the rules decided by the other services).
 */
@ConfigMapping(prefix = "wg.detection")
public interface DetectionConfig {

    /** Prefix of every detection key; every key of one account is {@code <prefix>{<sub>}:<rule>...}. */
    @WithDefault("wg:detect:")
    String keyPrefix();

    /** COUNT hint of each SCAN when a reinstatement deletes the account's detection state. */
    @WithDefault("1000")
    int resetScanCount();

    /**
     * Longest time a reinstatement may spend finding and deleting the account's detection state; beyond it the
     * reinstatement answers 503 and lifts nothing.
     */
    @WithDefault("2s")
    Duration resetTimeout();
}
