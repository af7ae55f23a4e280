package com.waybillguard.audit;

import com.waybillguard.testsupport.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The package layering of docs/architecture.md ("Packages and layers"), checked on the production classes. */
class ArchitectureTest {

    private final ServiceArchitecture architecture = ServiceArchitecture.of("com.waybillguard.audit");

    @Test
    void nothingImportsRest() {
        architecture.nothingImportsRest();
    }

    @Test
    void packagesFormNoCycles() {
        architecture.packagesFormNoCycles();
    }

    @Test
    void importsNoOtherModule() {
        architecture.importsNoOtherModule();
    }

    @Test
    void configImportsNothingAbove() {
        architecture.configImportsNothingAbove();
    }
}
