package com.waybillguard.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The trusted proxies are elsewhere: a request from 127.0.0.1 is a client's, and its X-Forwarded-For is ignored. */
@QuarkusTest
@TestProfile(UntrustedProxyTest.FromAnUntrustedPeer.class)
class UntrustedProxyTest {

    public static class FromAnUntrustedPeer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "10.0.0.0/8");
        }
    }

    @Test
    void anUntrustedPeersForwardedAddressIsIgnored() {
        assertEquals("127.0.0.1", TrustedProxyTest.clientIpOfAGrant());
    }
}
