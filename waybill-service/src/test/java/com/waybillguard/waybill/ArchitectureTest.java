package com.waybillguard.waybill;

import com.waybillguard.testsupport.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The package layering of docs/architecture.md, "Packages and layers", checked on the production classes. */
class ArchitectureTest {

    private static final ServiceArchitecture SERVICE = ServiceArchitecture.of("com.waybillguard.waybill");

    @Test
    void nothingImportsRest() {
        SERVICE.nothingImportsRest();
    }

    @Test
    void packagesFormNoCycles() {
        SERVICE.packagesFormNoCycles();
    }

    @Test
    void importsNoOtherModule() {
        SERVICE.importsNoOtherModule();
    }

    @Test
    void configImportsNothingAbove() {
        SERVICE.configImportsNothingAbove();
    }
}
