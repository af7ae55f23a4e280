package com.waybillguard.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** One WireMock on a free port playing waybill-service and audit-service. Tests may stop and restart it. */
public class UpstreamStub implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    private static int port;

    /** The running stub; started again (same port) if a test stopped it. */
    public static synchronized WireMockServer server() {
        if (!server.isRunning()) {
            server = new WireMockServer(wireMockConfig().port(port).bindAddress("127.0.0.1"));
            server.start();
        }
        return server;
    }

    /** The running stub, cleared, answering 200 {@code {}} to anything: whatever the gateway forwards shows. */
    public static synchronized WireMockServer answeringOk() {
        WireMockServer stub = server();
        stub.resetAll();
        stub.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        return stub;
    }

    /** Takes the inner services away: connections are refused until {@link #server()} is called again. */
    public static synchronized void stopServer() {
        server.stop();
    }

    @Override
    public synchronized Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        port = server.port();
        String url = "http://127.0.0.1:" + server.port();
        return Map.of(
                "quarkus.rest-client.waybill-service.url", url,
                "quarkus.rest-client.audit-service.url", url);
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
