package com.waybillguard.waybill.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.RelocateConfigSourceInterceptor;

import java.util.Map;

/**
 * Environment variables that set a {@code wg.*} property under a name other than the property's own
 * ({@code WG_GRANT_ISSUER} sets {@code wg.grant.issuer} by itself): the launcher and the manifests use these.
 * The alias is looked up first and wins over lower configuration sources, so the default stays in one place,
 * the {@code @WithDefault} of {@link WaybillServiceConfig}. Registered with the service loader.
 */
public class EnvironmentAliases implements ConfigSourceInterceptorFactory {

    /** Property → the environment variable that also sets it. */
    public static final Map<String, String> ALIASES = Map.of(
            "wg.grant.jwks-url", "WG_GATEWAY_JWKS_URL",
            "wg.policy.file", "WG_FIELD_POLICY_FILE",
            "wg.seed.enabled", "WG_SEED_DEMO");

    @Override
    public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
        return new RelocateConfigSourceInterceptor(ALIASES);
    }
}
