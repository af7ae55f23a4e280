package com.waybillguard.audit.domain;

/** The authenticated account making the current request (an auditor): its OIDC {@code sub} and username. */
public record Caller(String sub, String username) {

    /** The name recorded as {@code by} of a suspension: the username, or the sub when the token has none. */
    public String name() {
        return username != null ? username : sub;
    }
}
