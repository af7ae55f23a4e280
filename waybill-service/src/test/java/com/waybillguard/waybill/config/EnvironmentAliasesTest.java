package com.waybillguard.waybill.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The defaults resolve from {@code @WithDefault} alone, and the environment variables of the README set them. */
class EnvironmentAliasesTest {

    private static final int CONVERTER_PRIORITY = 200;

    private static WaybillServiceConfig config(Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new EnvConfigSource(environment, 300))
                .withInterceptorFactories(new EnvironmentAliases())
                // as in Quarkus: "5s", "500ms", "10m"
                .withConverter(Duration.class, CONVERTER_PRIORITY, new DurationConverter())
                .withMapping(WaybillServiceConfig.class)
                .addDefaultInterceptors()
                .build();
        return config.getConfigMapping(WaybillServiceConfig.class);
    }

    @Test
    void withoutEnvironmentEveryPropertyHasItsDefault() {
        WaybillServiceConfig c = config(Map.of());
        assertEquals("http://127.0.0.1:8080/.well-known/jwks.json", c.grant().jwksUrl());
        assertEquals("waybill-guard-gateway", c.grant().issuer());
        assertEquals("wg:grant:jti:", c.grant().jtiKeyPrefix());
        assertEquals("wg:account:suspended:", c.suspension().keyPrefix());
        assertEquals(Duration.ofMillis(500), c.redis().timeout());
        assertEquals("wg:audit:events", c.audit().stream());
        assertEquals(Duration.ofMillis(500), c.audit().appendTimeout());
        assertEquals("classpath:policy/field-policy-v1.json", c.policy().file());
        assertFalse(c.seed().enabled());
        assertEquals(10_000, c.seed().waybills());
    }

    @Test
    void aliasesAndPropertyNamedVariablesSetTheirProperties() {
        WaybillServiceConfig c = config(Map.of(
                "WG_GATEWAY_JWKS_URL", "http://gateway:8080/.well-known/jwks.json",
                "WG_FIELD_POLICY_FILE", "/etc/waybill-guard/field-policy-v2.json",
                "WG_SEED_DEMO", "true",
                "WG_SEED_WAYBILLS", "25",
                "WG_GRANT_ISSUER", "gateway-2",
                "WG_AUDIT_STREAM", "wg:audit:test",
                "WG_AUDIT_APPEND_TIMEOUT", "250ms",
                "WG_OUTLETS_FILE", "/etc/waybill-guard/outlets-v2.json"));
        assertEquals("http://gateway:8080/.well-known/jwks.json", c.grant().jwksUrl());
        assertEquals("/etc/waybill-guard/field-policy-v2.json", c.policy().file());
        assertTrue(c.seed().enabled());
        assertEquals(25, c.seed().waybills());
        assertEquals("gateway-2", c.grant().issuer());
        assertEquals("wg:audit:test", c.audit().stream());
        assertEquals(Duration.ofMillis(250), c.audit().appendTimeout());
        assertEquals("/etc/waybill-guard/outlets-v2.json", c.outlets().file());
    }

    @Test
    void registeredWithTheServiceLoader() {
        assertTrue(ServiceLoader.load(ConfigSourceInterceptorFactory.class).stream()
                .anyMatch(p -> p.type() == EnvironmentAliases.class));
    }
}
