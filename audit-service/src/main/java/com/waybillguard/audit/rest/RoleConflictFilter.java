package com.waybillguard.audit.rest;

import com.waybillguard.audit.domain.ProblemException;
import com.waybillguard.audit.domain.ProblemType;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;
import java.util.TreeSet;

/**
 * Separation of duties, also for a caller that reaches this service without the gateway (docs/api.md, "Roles and
 * accounts"): an auditor whose token also carries a role that reads or writes waybills would review its own work, so
 * such a token is refused with 403 {@code role-conflict} before anything is read or a suspension is checked.
 */
public class RoleConflictFilter {

    /** The suite's roles besides auditor: one account holds one role. */
    private static final Set<String> OTHER_ROLES = Set.of("clerk", "courier", "cs_agent", "admin");
    private static final String AUDITOR = "auditor";

    private final CurrentIdentityAssociation identities;

    public RoleConflictFilter(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION - 1)
    public Uni<Response> refuseConflictingRoles() {
        // an identity that cannot be established is the endpoint's 401, not this filter's concern
        return identities.getDeferredIdentity().onFailure().recoverWithNull().flatMap(identity -> {
            if (identity == null || identity.isAnonymous() || !identity.getRoles().contains(AUDITOR)) {
                return Uni.createFrom().<Response>nullItem();
            }
            Set<String> held = new TreeSet<>(identity.getRoles());
            held.retainAll(OTHER_ROLES);
            if (held.isEmpty()) {
                return Uni.createFrom().<Response>nullItem();
            }
            held.add(AUDITOR);
            return Uni.createFrom().failure(new ProblemException(ProblemType.ROLE_CONFLICT, "This account holds roles"
                    + " that one account must not hold together (" + String.join(", ", held) + ")."));
        });
    }
}
