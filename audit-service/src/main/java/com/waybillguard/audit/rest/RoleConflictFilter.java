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
 * accounts"): one account holds one of the suite's roles. An auditor whose token also carries a role that reads or
 * writes waybills would review its own work, so a token with two or more of them is refused with 403
 * {@code role-conflict} before anything is read or a suspension is checked.
 */
public class RoleConflictFilter {

    /** The suite's roles; the provider's others ({@code offline_access}, default roles) do not count. */
    private static final Set<String> SUITE_ROLES = Set.of("clerk", "courier", "cs_agent", "auditor", "admin");

    private final CurrentIdentityAssociation identities;

    public RoleConflictFilter(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION - 1)
    public Uni<Response> refuseConflictingRoles() {
        // an identity that cannot be established is the endpoint's 401, not this filter's concern
        return identities.getDeferredIdentity().onFailure().recoverWithNull().flatMap(identity -> {
            if (identity == null || identity.isAnonymous()) {
                return Uni.createFrom().<Response>nullItem();
            }
            Set<String> held = new TreeSet<>(identity.getRoles());
            held.retainAll(SUITE_ROLES);
            if (held.size() < 2) {
                return Uni.createFrom().<Response>nullItem();
            }
            return Uni.createFrom().failure(new ProblemException(ProblemType.ROLE_CONFLICT, "This account holds roles"
                    + " that one account must not hold together (" + String.join(", ", held) + ")."));
        });
    }
}
