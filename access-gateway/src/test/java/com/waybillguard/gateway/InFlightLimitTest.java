package com.waybillguard.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * (Own profile: one request at a time, one waiting.) A request that waits in line is served when the one before it
 * ends, and its time bounds start only then: it is answered although it waited longer than the gateway gives
 * waybill-service (2 s in tests). A request beyond the line is refused at once with 503 and Retry-After.
 */
@QuarkusTest
@TestProfile(InFlightLimitTest.OneAtATime.class)
class InFlightLimitTest {

    public static class OneAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wg.load.max-in-flight", "1", "wg.load.max-queued", "1");
        }
    }

    @TestHTTPResource(ProxyTest.READ_PATH)
    URL readUrl;

    @Test
    void aBurstWaitsInLineAndOnlyAFullLineIsRefused() throws Exception {
        WireMockServer upstream = UpstreamStub.server();
        upstream.resetAll();
        upstream.stubFor(get(urlEqualTo(ProxyTest.READ_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"view\":\"TRACKING\"}")
                .withFixedDelay(1_500)));
        String token = Tokens.clerk(Tokens.newSub());
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest read = HttpRequest.newBuilder(URI.create(readUrl.toString()))
                .header("Authorization", "Bearer " + token).header("X-Device-Id", Tokens.DEVICE)
                .header("X-Access-Grant", "g.g.g").timeout(Duration.ofSeconds(30)).GET().build();

        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            burst.add(http.sendAsync(read, HttpResponse.BodyHandlers.ofString()));
            Thread.sleep(150); // in this order: served, waiting, refused
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : burst) {
            statuses.add(answer.get().statusCode());
        }
        assertEquals(List.of(200, 200, 503), statuses, "served, served after waiting 1.5 s in line, refused");
        HttpResponse<String> refused = burst.get(2).get();
        assertTrue(refused.body().contains("/problems/service-unavailable"), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(null));
        upstream.resetAll();
    }
}
