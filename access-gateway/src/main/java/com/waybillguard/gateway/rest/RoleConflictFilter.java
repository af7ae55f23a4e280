package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.service.AccessPolicy;
import com.waybillguard.gateway.service.GrantService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * Separation of duties on every route that needs an account, whatever role the route asks for (the read and the
 * quota ask for none): an account that {@link RoleConflictAugmentor} found holding roles no account may hold together
 * is refused with 403 {@code role-conflict} before anything else happens (no Redis call, nothing forwarded). A
 * refused grant request is recorded as {@code GRANT_REFUSED} with reason {@code ROLE_CONFLICT}.
 */
public class RoleConflictFilter {

    private final GrantService grants;
    private final CurrentIdentityAssociation identities;

    public RoleConflictFilter(GrantService grants, CurrentIdentityAssociation identities) {
        this.grants = grants;
        this.identities = identities;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Response> refuseConflictingRoles(ResourceInfo resource, HttpServerRequest request) {
        if (!Callers.needsAccount(resource)) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().onFailure().recoverWithNull().flatMap(identity -> {
            Set<String> conflicting = RoleConflictAugmentor.conflictingRoles(identity);
            if (conflicting.isEmpty() || !Callers.hasSubject(identity)) {
                return Uni.createFrom().<Response>nullItem();
            }
            if (resource.getResourceClass() == GrantResource.class) {
                return grants.refuseRoleConflict(Callers.caller(identity), conflicting, Callers.refusedContext(request));
            }
            return Uni.createFrom().failure(AccessPolicy.roleConflict(conflicting));
        });
    }
}
