package com.waybillguard.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The gateway's grant and read as a client program calls them, over {@code java.net.http} with a bound on every
 * request, for the tests that run many clients at once and time each answer ({@link ReadPathIT}'s helpers are for
 * one request at a time). A request that gets no answer (refused, reset, timed out) is an {@link Answer} too.
 */
final class HttpGateway {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final Duration timeout;

    /** The stack's gateway; every request gives up after {@code timeout}. */
    HttpGateway(Duration timeout) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.base = "http://127.0.0.1:" + RunningStack.config().gatewayPort();
        this.timeout = timeout;
    }

    Answer grant(String token, String device, String waybillNo, String purpose) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/grants"))
                .header("Authorization", "Bearer " + token).header("X-Device-Id", device)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"waybillNo\":\"" + waybillNo + "\",\"purpose\":\"" + purpose + "\"}")));
    }

    Answer read(String token, String device, String waybillNo, String grant) {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/waybills/" + waybillNo))
                .header("Authorization", "Bearer " + token).header("X-Device-Id", device)
                .header("X-Access-Grant", grant).GET());
    }

    private Answer send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("RateLimit-Remaining").orElse(null), response.body(),
                    start, System.nanoTime(), null);
        } catch (HttpTimeoutException e) {
            return new Answer(0, "", null, "", start, System.nanoTime(),
                    "timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Answer(0, "", null, "", start, System.nanoTime(), e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "", null, "", start, System.nanoTime(), "interrupted");
        }
    }

    /**
     * One request's outcome: the status (0 when there was no answer, then {@code failure} says why), and when it was
     * sent and answered ({@link System#nanoTime()}).
     */
    record Answer(int status, String contentType, String rateLimitRemaining, String body, long startNanos,
                  long endNanos, String failure) {

        boolean answered() {
            return failure == null;
        }

        boolean timedOut() {
            return failure != null && failure.startsWith("timed out");
        }

        boolean successful() {
            return status >= 200 && status < 300;
        }

        Duration took() {
            return Duration.ofNanos(endNanos - startNanos);
        }

        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }

        /** The last segment of a problem's {@code type} ({@code service-unavailable}, ...), or "" if none. */
        String problemType() {
            String type = json().path("type").asText("");
            return type.substring(type.lastIndexOf('/') + 1);
        }

        /** The grant of a 201 answer. */
        String grant() {
            return json().path("grant").asText(null);
        }

        /** What went wrong, in a few words, for a failure message. */
        String describe() {
            return answered() ? status + " " + problemType() + " in " + took().toMillis() + " ms"
                    : "no answer (" + failure + ") after " + took().toMillis() + " ms";
        }

        private JsonNode json() {
            try {
                return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
            } catch (IOException notJson) {
                return JSON.missingNode();
            }
        }
    }

    /** The {@code jti} of a grant (a compact JWS): the {@code grantId} of its audit events. */
    static Optional<String> grantId(String grant) {
        String[] parts = grant == null ? new String[0] : grant.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return Optional.ofNullable(claims.path("jti").asText(null));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
