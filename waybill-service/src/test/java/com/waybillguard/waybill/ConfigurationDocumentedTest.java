package com.waybillguard.waybill;

import com.waybillguard.testsupport.ConfigurationDocs;
import com.waybillguard.waybill.config.WaybillServiceConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's configuration table names every property of the service and every variable it reads. */
class ConfigurationDocumentedTest {

    private static final Path README = Path.of("README.md");
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");

    @Test
    void everyPropertyIsDocumented() {
        Set<String> missing = ConfigurationDocs.undocumented(ConfigurationDocs.properties(WaybillServiceConfig.class),
                ConfigurationDocs.documented(README));
        assertTrue(missing.isEmpty(), "README.md does not document " + missing);
    }

    @Test
    void everyEnvironmentVariableIsDocumented() {
        Set<String> variables = new TreeSet<>(ConfigurationDocs.environmentVariables(PROPERTIES));
        Set<String> missing = ConfigurationDocs.undocumented(variables, ConfigurationDocs.documented(README));
        assertTrue(missing.isEmpty(), "README.md does not document " + missing);
    }
}
