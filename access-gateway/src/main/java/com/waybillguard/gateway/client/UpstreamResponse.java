package com.waybillguard.gateway.client;

import com.waybillguard.gateway.domain.RetryAfter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A 2xx/3xx/4xx answer of an inner service, kept whole so the gateway can pass it through. */
public record UpstreamResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    /** Response headers worth passing through to the client. */
    private static final List<String> PASSED_HEADERS =
            List.of(HttpHeaders.CACHE_CONTROL, HttpHeaders.WWW_AUTHENTICATE, RetryAfter.HEADER);

    /**
     * Reads an inner service's answer; a 5xx is an {@link UpstreamServerError} so that it counts
     * against the circuit breaker, while 4xx answers (expected refusals) do not.
     */
    static UpstreamResponse from(Response response) {
        try {
            if (response.getStatus() >= 500) {
                throw new UpstreamServerError(response.getStatus());
            }
            byte[] body = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : PASSED_HEADERS) {
                String value = response.getHeaderString(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            String type = response.getMediaType() == null ? null : response.getMediaType().toString();
            return new UpstreamResponse(response.getStatus(), type, body, Map.copyOf(headers));
        } finally {
            response.close();
        }
    }
}
