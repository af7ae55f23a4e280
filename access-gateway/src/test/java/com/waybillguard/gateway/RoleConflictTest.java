package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Separation of duties: an account holding two of the suite's roles is refused with 403 {@code role-conflict} (every
 * pair on every operation: {@link RoleMatrixTest}); here, what such a refusal says and records, and that roles of the
 * provider that are not the suite's ({@code offline_access}, the realm's default roles) change nothing.
 */
@QuarkusTest
class RoleConflictTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    WireMockServer upstream;

    @BeforeEach
    void stub() {
        upstream = UpstreamStub.answeringOk();
        breakers.resetAll();
    }

    @AfterEach
    void reset() {
        upstream.resetAll();
        breakers.resetAll();
    }

    @Test
    void theProblemNamesTheRolesNoGrantIsIssuedAndTheRefusalIsRecorded() {
        String sub = Tokens.newSub();
        String token = Tokens.withRoles(sub, Set.of("auditor", "clerk"));
        GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", endsWith("/role-conflict"))
                .body("detail", containsString("auditor, clerk"))
                .body("grant", nullValue());
        given().auth().oauth2(token).get("/api/v1/audit/events").then()
                .statusCode(403).body("type", endsWith("/role-conflict"));
        List<JsonNode> events = AuditStream.eventsOf(sub);
        assertEquals(1, events.size(), "one event: the refused grant, nothing issued");
        assertEquals("GRANT_REFUSED", events.get(0).path("action").asText());
        assertEquals("ROLE_CONFLICT", events.get(0).path("reason").asText());
        assertEquals("auditor+clerk", events.get(0).path("actor").path("role").asText());
    }

    @Test
    void rolesOfTheProviderThatAreNotTheSuitesChangeNothing() {
        String token = Tokens.withRoles(Tokens.newSub(), Set.of("clerk", "offline_access", "default-roles-waybill-guard"));
        GrantResourceTest.requestGrant(token, GrantResourceTest.WAYBILL, "COUNTER_INQUIRY").then().statusCode(201);
        String auditor = Tokens.withRoles(Tokens.newSub(), Set.of("auditor", "uma_authorization"));
        given().auth().oauth2(auditor).get("/api/v1/audit/events").then().statusCode(200);
    }
}
