package com.waybillguard.audit.rest;

import com.waybillguard.audit.domain.Caller;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The {@link Caller} of the current request, from its verified access token. */
final class Callers {

    private Callers() {
    }

    static Caller of(JsonWebToken token) {
        return new Caller(token.getSubject(), token.getClaim("preferred_username"));
    }
}
