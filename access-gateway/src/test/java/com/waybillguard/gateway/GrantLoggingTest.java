package com.waybillguard.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A grant is never written to a log: every log record of the application (gateway classes at DEBUG)
 * during issuance, a proxied read, a refused read and failing upstreams is checked for the grant.
 */
@QuarkusTest
class GrantLoggingTest {

    static final String WAYBILL = GrantResourceTest.WAYBILL;
    static final String READ_PATH = "/api/v1/waybills/" + WAYBILL;
    static final List<String> VERBOSE = List.of("com.waybillguard", "io.quarkus.rest.client", "io.quarkus.oidc",
            "io.smallrye.faulttolerance");

    @Inject
    CircuitBreakerMaintenance breakers;

    final List<String> captured = new CopyOnWriteArrayList<>();
    final Map<String, Level> levels = new java.util.HashMap<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            captured.add(render(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    WireMockServer upstream;

    @BeforeEach
    void captureLogs() {
        upstream = UpstreamStub.server();
        upstream.resetAll();
        breakers.resetAll();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        for (String category : VERBOSE) {
            levels.put(category, Logger.getLogger(category).getLevel());
            Logger.getLogger(category).setLevel(Level.FINE);
        }
    }

    @AfterEach
    void restore() {
        Logger.getLogger("").removeHandler(capture);
        levels.forEach((category, level) -> Logger.getLogger(category).setLevel(level));
        UpstreamStub.server().resetAll();
        breakers.resetAll();
    }

    static String render(LogRecord record) {
        StringBuilder text = new StringBuilder(record.getLoggerName() + " " + record.getMessage());
        if (record instanceof ExtLogRecord ext) {
            text.append(' ').append(ext.getFormattedMessage());
        }
        if (record.getParameters() != null) {
            text.append(' ').append(Arrays.toString(record.getParameters()));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append(' ').append(trace);
        }
        return text.toString();
    }

    Response read(String token, String grant) {
        return given().auth().oauth2(token).header("X-Device-Id", Tokens.DEVICE).header("X-Access-Grant", grant)
                .get(READ_PATH);
    }

    @Test
    void noLogRecordCarriesTheGrant() {
        String token = Tokens.clerk(Tokens.newSub());
        List<String> grants = new ArrayList<>();

        Response granted = GrantResourceTest.requestGrant(token, WAYBILL, "COUNTER_INQUIRY");
        granted.then().statusCode(201);
        grants.add(granted.jsonPath().getString("grant"));
        upstream.stubFor(get(urlEqualTo(READ_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"waybillNo\":\"" + WAYBILL + "\",\"view\":\"TRACKING\"}")));
        read(token, grants.get(0)).then().statusCode(200);

        // the upstream refuses a replay, then fails, then is gone
        upstream.resetAll();
        upstream.stubFor(get(urlEqualTo(READ_PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://waybill-guard.example/problems/grant-replayed\",\"status\":403}")));
        read(token, grants.get(0)).then().statusCode(403);
        upstream.resetAll();
        upstream.stubFor(get(urlEqualTo(READ_PATH)).willReturn(aResponse().withStatus(500).withBody("boom")));
        Response second = GrantResourceTest.requestGrant(token, WAYBILL, "COUNTER_INQUIRY");
        grants.add(second.jsonPath().getString("grant"));
        read(token, grants.get(1)).then().statusCode(502);
        UpstreamStub.stopServer();
        Response third = GrantResourceTest.requestGrant(token, WAYBILL, "COUNTER_INQUIRY");
        grants.add(third.jsonPath().getString("grant"));
        read(token, grants.get(2)).then().statusCode(503);
        UpstreamStub.server();

        assertTrue(captured.size() > 0, "the capture works: the upstream failures were logged");
        for (String grant : grants) {
            String[] parts = grant.split("\\.");
            for (String record : captured) {
                // the failure names the record's logger only, so that the test report does not carry the grant either
                String which = "logger " + record.substring(0, record.indexOf(' '));
                assertFalse(record.contains(grant), "a log record carries a whole grant: " + which);
                // the header is the same for every grant of a key; the claims and the signature are not
                assertFalse(record.contains(parts[1]), "a log record carries a grant's claims: " + which);
                assertFalse(record.contains(parts[2]), "a log record carries a grant's signature: " + which);
            }
        }
    }
}
