package com.waybillguard.gateway;

import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The resources every gateway test runs against (declared once, so all test classes share one
 * application start): a mock OIDC provider, a real Redis, and a WireMock standing in for
 * waybill-service and audit-service.
 */
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
@QuarkusTestResource(UpstreamStub.class)
public final class TestResources {

    private TestResources() {
    }
}
