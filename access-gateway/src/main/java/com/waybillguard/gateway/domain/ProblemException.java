package com.waybillguard.gateway.domain;

import java.util.Map;

/**
 * A refusal or failure that the single exception mapper turns into an RFC 9457 problem. The detail
 * is written for the client and never carries personal data; headers go out with the problem
 * (e.g. {@code Retry-After}).
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final String detail;
    private final transient Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Map.of(), null);
    }

    public ProblemException(ProblemType type, String detail, Map<String, String> headers) {
        this(type, detail, headers, null);
    }

    public ProblemException(ProblemType type, String detail, Map<String, String> headers, Throwable cause) {
        super(type.uri(), cause, false, false);
        this.type = type;
        this.detail = detail;
        this.headers = Map.copyOf(headers);
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return detail;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
