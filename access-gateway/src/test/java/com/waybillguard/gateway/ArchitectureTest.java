package com.waybillguard.gateway;

import com.waybillguard.testsupport.ServiceArchitecture;
import org.junit.jupiter.api.Test;

/** The package layering of docs/architecture.md ("Packages and layers"), checked on the gateway's classes. */
class ArchitectureTest {

    static final ServiceArchitecture GATEWAY = ServiceArchitecture.of("com.waybillguard.gateway");

    @Test
    void nothingImportsRest() {
        GATEWAY.nothingImportsRest();
    }

    @Test
    void packagesFormNoCycles() {
        GATEWAY.packagesFormNoCycles();
    }

    @Test
    void importsNoOtherModule() {
        GATEWAY.importsNoOtherModule();
    }

    @Test
    void configImportsNothingAbove() {
        GATEWAY.configImportsNothingAbove();
    }
}
