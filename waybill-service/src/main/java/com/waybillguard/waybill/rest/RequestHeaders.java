package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.domain.RequestContext;
import io.vertx.core.http.HttpServerRequest;

import java.util.UUID;
import java.util.regex.Pattern;

/** The headers the gateway forwards, and the {@link RequestContext} read from them. */
final class RequestHeaders {

    static final String DEVICE_ID = "X-Device-Id";
    static final String ACCESS_GRANT = "X-Access-Grant";
    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
    private static final Pattern SAFE_IP = Pattern.compile("^[0-9A-Fa-f.:]{2,45}$");

    private RequestHeaders() {
    }

    /** Device (as sent), client address and trace id of the request. */
    static RequestContext context(HttpServerRequest request) {
        return new RequestContext(request.getHeader(DEVICE_ID), clientIp(request), traceId(request));
    }

    private static String clientIp(HttpServerRequest request) {
        String forwarded = request.getHeader(FORWARDED_FOR);
        if (forwarded != null && !forwarded.isBlank()) {
            String first = forwarded.split(",")[0].strip();
            if (SAFE_IP.matcher(first).matches()) {
                return first;
            }
        }
        return request.remoteAddress() != null ? request.remoteAddress().hostAddress() : null;
    }

    private static String traceId(HttpServerRequest request) {
        String id = request.getHeader(REQUEST_ID);
        return id != null && SAFE_ID.matcher(id).matches() ? id : UUID.randomUUID().toString();
    }
}
