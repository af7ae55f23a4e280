package com.waybillguard.audit.domain;

/** An error the API answers with a problem detail (RFC 9457) of a stable type; the message is its {@code detail}. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;

    public ProblemException(ProblemType type, String detail) {
        super(detail, null, false, false);
        this.type = type;
    }

    /** 400 {@code invalid-request}: a bad query parameter, path segment or body. */
    public static ProblemException invalidRequest(String detail) {
        return new ProblemException(ProblemType.INVALID_REQUEST, detail);
    }

    /** 503 {@code service-unavailable}: Redis or PostgreSQL cannot be reached. */
    public static ProblemException unavailable(String detail) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, detail);
    }

    public ProblemType type() {
        return type;
    }
}
