package com.waybillguard.waybill.domain;

/**
 * A failure with a stable problem type. The detail must never carry personal data, grants or
 * internal names: it is sent to the client as is.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final String detail;

    public ProblemException(ProblemType type, String detail) {
        super(type.slug() + ": " + detail, null, false, false);
        this.type = type;
        this.detail = detail;
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return detail;
    }
}
