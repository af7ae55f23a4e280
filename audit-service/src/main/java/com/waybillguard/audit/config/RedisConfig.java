package com.waybillguard.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Redis calls made while answering a request ({@code wg.redis.*}). */
@ConfigMapping(prefix = "wg.redis")
public interface RedisConfig {

    /** The longest one Redis command of a request may take before the request fails closed with 503. */
    @WithDefault("500ms")
    Duration timeout();
}
