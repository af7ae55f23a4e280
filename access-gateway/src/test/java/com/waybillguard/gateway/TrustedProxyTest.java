package com.waybillguard.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Behind an ingress the gateway takes the client's address from {@code X-Forwarded-For} only when the request comes
 * from a trusted proxy ({@code WG_TRUSTED_PROXIES}); from anyone else the header is ignored and the socket's address
 * is recorded, so a client cannot choose the address its grants and reads are audited under.
 */
@QuarkusTest
@TestProfile(TrustedProxyTest.FromTheIngress.class)
class TrustedProxyTest {

    static final String FORGED = "203.0.113.9";

    /** The tests' requests come from 127.0.0.1: here, the trusted proxy. */
    public static class FromTheIngress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    @Test
    void theForwardedAddressOfTheTrustedProxyIsRecorded() {
        assertEquals(FORGED, clientIpOfAGrant());
    }

    /** Asks a grant with {@code X-Forwarded-For: 203.0.113.9}; answers the client address its event records. */
    static String clientIpOfAGrant() {
        String sub = Tokens.newSub();
        given().auth().oauth2(Tokens.clerk(sub))
                .header("X-Device-Id", Tokens.DEVICE)
                .header("X-Forwarded-For", FORGED)
                .contentType(ContentType.JSON)
                .body(Map.of("waybillNo", "YT1234567890123", "purpose", "COUNTER_INQUIRY"))
                .post("/api/v1/grants")
                .then().statusCode(201);
        return AuditStream.eventsOf(sub).stream()
                .filter(e -> "GRANT_ISSUED".equals(e.path("action").asText()))
                .findFirst().orElseThrow().path("clientIp").asText();
    }
}
