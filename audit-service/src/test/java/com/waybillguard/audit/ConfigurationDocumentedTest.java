package com.waybillguard.audit;

import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.config.DetectionConfig;
import com.waybillguard.audit.config.RedisConfig;
import com.waybillguard.audit.config.SuspensionConfig;
import com.waybillguard.testsupport.ConfigurationDocs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's "Configuration" table names every property of the mappings and every variable application.properties reads. */
class ConfigurationDocumentedTest {

    private static final Path README = Path.of("README.md");
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");

    @Test
    void everyPropertyIsDocumented() {
        Set<String> properties = new TreeSet<>(ConfigurationDocs.properties(AuditConfig.class));
        properties.addAll(ConfigurationDocs.properties(SuspensionConfig.class));
        properties.addAll(ConfigurationDocs.properties(RedisConfig.class));
        properties.addAll(ConfigurationDocs.properties(DetectionConfig.class));
        Set<String> missing = ConfigurationDocs.undocumented(properties, ConfigurationDocs.documented(README));
        assertTrue(missing.isEmpty(), "README.md does not document " + missing);
    }

    @Test
    void everyEnvironmentVariableIsDocumented() {
        Set<String> missing = ConfigurationDocs.undocumented(ConfigurationDocs.environmentVariables(PROPERTIES),
                ConfigurationDocs.documented(README));
        assertTrue(missing.isEmpty(), "README.md does not document " + missing);
    }
}
