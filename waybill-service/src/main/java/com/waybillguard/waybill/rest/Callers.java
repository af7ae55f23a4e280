package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.domain.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/** The {@link Caller} of a request, from its verified access token. */
final class Callers {

    /**
     * The realm roles of docs/api.md, "Roles and accounts", in the order a caller holding several is named
     * by; other realm roles (default roles, {@code offline_access}) are ignored.
     */
    private static final List<String> KNOWN_ROLES = List.of("clerk", "courier", "cs_agent", "auditor", "admin");
    private static final String USERNAME = "preferred_username";
    private static final String OUTLET_ID = "outlet_id";
    private static final String COURIER_ID = "courier_id";

    private Callers() {
    }

    /**
     * The caller, with the known role it holds; an account holding several is named by all of them joined with
     * {@code +}, which {@link Caller#requireOneRole()} refuses (the read path records the refusal).
     */
    static Caller of(JsonWebToken token, SecurityIdentity identity) {
        List<String> held = KNOWN_ROLES.stream().filter(identity::hasRole).toList();
        return of(token, held.isEmpty() ? null : String.join(Caller.ROLE_SEPARATOR, held));
    }

    /**
     * The caller acting in {@code role}, for a route that only that role may use; 403 {@code role-conflict} when the
     * account also holds another of the suite's roles (docs/api.md, "Roles and accounts").
     */
    static Caller acting(JsonWebToken token, SecurityIdentity identity, String role) {
        of(token, identity).requireOneRole();
        return of(token, role);
    }

    private static Caller of(JsonWebToken token, String role) {
        return new Caller(token.getSubject(), text(token, USERNAME), role, text(token, OUTLET_ID),
                text(token, COURIER_ID));
    }

    private static String text(JsonWebToken token, String claim) {
        Object value = token.getClaim(claim);
        if (value instanceof JsonString json) {
            return json.getString();
        }
        return value instanceof String string ? string : null;
    }
}
