package com.waybillguard.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Account suspension ({@code wg.suspension.*}): the Redis key every service reads, and what a suspension may carry. */
@ConfigMapping(prefix = "wg.suspension")
public interface SuspensionConfig {

    /** Prefix of the suspension key; the account's sub is appended (the same in every service). */
    @WithDefault("wg:account:suspended:")
    String keyPrefix();

    /** Longest suspension reason accepted, in characters. */
    @WithDefault("500")
    int maxReasonLength();
}
