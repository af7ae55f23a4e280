package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.service.GrantService;
import com.waybillguard.gateway.service.SuspensionService;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one suspension check of the gateway (docs/api.md, "Accounts and suspension"): after authentication, every
 * route that needs an account (grants, reads, quota, admin, audit, accounts) reads the account's suspension
 * marker, bounded by {@code wg.redis.timeout}, and answers 403 {@code account-suspended} while it is set;
 * a store that does not answer fails closed (503). The public JWK Set is not checked, nor are the consoles, which
 * show a suspension as a page (the clerk console checks it itself, the review console through audit-service). A
 * refused grant request is recorded as {@code GRANT_REFUSED} like every other grant refusal.
 */
public class SuspensionFilter {

    private final SuspensionService suspensions;
    private final GrantService grants;
    private final CurrentIdentityAssociation identities;

    public SuspensionFilter(SuspensionService suspensions, GrantService grants, CurrentIdentityAssociation identities) {
        this.suspensions = suspensions;
        this.grants = grants;
        this.identities = identities;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 1)
    public Uni<Response> refuseSuspendedAccounts(ResourceInfo resource, HttpServerRequest request) {
        if (!Callers.needsAccount(resource)) {
            return Uni.createFrom().nullItem();
        }
        // an identity that cannot be established is the endpoint's 401, not this filter's concern
        return identities.getDeferredIdentity().onFailure().recoverWithNull().flatMap(identity -> {
            if (!Callers.hasSubject(identity)) {
                return Uni.createFrom().<Response>nullItem();
            }
            Caller caller = Callers.caller(identity);
            return suspensions.isSuspended(caller.sub()).flatMap(suspended -> {
                if (!suspended) {
                    return Uni.createFrom().<Response>nullItem();
                }
                if (resource.getResourceClass() == GrantResource.class) {
                    return grants.refuseSuspended(caller, Callers.refusedContext(request));
                }
                return Uni.createFrom().failure(SuspensionService.suspendedProblem());
            });
        });
    }
}
