package com.waybillguard.gateway.client;

/** An inner service answered 5xx. */
public class UpstreamServerError extends RuntimeException {

    private final int status;

    public UpstreamServerError(int status) {
        super("inner service answered " + status, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
