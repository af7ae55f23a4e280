package com.waybillguard.waybill.support;

import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The test resources every {@code @QuarkusTest} of this module shares: real PostgreSQL and Redis,
 * a mock OIDC provider and the gateway's JWKS.
 */
@QuarkusTestResource(value = PostgresRedisResource.class,
        initArgs = @ResourceArg(name = "database", value = "waybill_test"))
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(JwksTestServer.class)
public final class TestInfra {

    private TestInfra() {
    }
}
