package com.waybillguard.audit.rest;

import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static com.waybillguard.audit.AuditTestSupport.token;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Separation of duties without the gateway: an auditor token that also carries a role of the suite that reads or
 * writes waybills (clerk, courier, cs_agent, admin) is refused on every auditor route with 403 {@code role-conflict},
 * and changes nothing; the provider's other roles change nothing.
 */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class RoleConflictTest {

    @Inject
    RedisDataSource redis;

    @Test
    void anAuditorWhoAlsoReadsOrWritesWaybillsIsRefusedEverywhere() {
        String target = unique("sub-target");
        for (String other : List.of("clerk", "courier", "cs_agent", "admin")) {
            String token = token(unique("sub-both"), "auditor.and." + other, Set.of("auditor", other));
            for (String path : List.of("/api/v1/audit/events", "/api/v1/audit/alerts", "/api/v1/audit/verify",
                    "/api/v1/audit/actors/clerk.jize/timeline")) {
                given().auth().oauth2(token).get(path).then().statusCode(403).contentType("application/problem+json")
                        .body("type", endsWith("/role-conflict")).body("detail", containsString(other));
            }
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"reason\":\"test\"}")
                    .post("/api/v1/accounts/" + target + "/suspend")
                    .then().statusCode(403).body("type", endsWith("/role-conflict"));
        }
        assertNull(redis.value(String.class).get("{wg}:account:suspended:" + target), "nobody was suspended");
    }

    @Test
    void theProvidersOtherRolesChangeNothing() {
        String token = token(unique("sub-auditor"), "auditor.plain", Set.of("auditor", "offline_access", "uma_authorization"));
        given().auth().oauth2(token).get("/api/v1/audit/alerts").then().statusCode(200);
    }
}
