package com.waybillguard.gateway;

import com.waybillguard.gateway.config.DetectionConfig;
import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.testsupport.ConfigurationDocs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Configuration" table lists every property of {@link GatewayConfig} and {@link DetectionConfig}
 * and every env var read.
 */
class ConfigurationDocumentedTest {

    static final Set<String> DOCUMENTED = ConfigurationDocs.documented(Path.of("README.md"));

    @Test
    void everyPropertyIsDocumented() {
        Set<String> properties = new java.util.TreeSet<>(ConfigurationDocs.properties(GatewayConfig.class));
        properties.addAll(ConfigurationDocs.properties(DetectionConfig.class));
        Set<String> missing = ConfigurationDocs.undocumented(properties, DOCUMENTED);
        assertTrue(missing.isEmpty(), "README.md does not document " + missing);
    }

    @Test
    void everyEnvironmentVariableIsDocumented() {
        Set<String> missing = ConfigurationDocs.undocumented(
                ConfigurationDocs.environmentVariables(Path.of("src/main/resources/application.properties")), DOCUMENTED);
        assertTrue(missing.isEmpty(), "README.md does not document " + missing);
    }
}
