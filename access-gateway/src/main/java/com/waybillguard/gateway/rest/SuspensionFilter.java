package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.Identifiers;
import com.waybillguard.gateway.domain.RequestContext;
import com.waybillguard.gateway.service.GrantService;
import com.waybillguard.gateway.service.SuspensionService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.AnnotatedElement;

/**
 * The one suspension check of the gateway (docs/api.md, "Accounts and suspension"): after authentication, every
 * route that needs an account (grants, reads, quota, admin, audit, accounts) reads the account's suspension
 * marker, bounded by {@code wg.redis.timeout}, and answers 403 {@code account-suspended} while it is set;
 * a store that does not answer fails closed (503). The public JWK Set is not checked. A refused grant request is
 * recorded as {@code GRANT_REFUSED} like every other grant refusal.
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
        if (!needsAccount(resource)) {
            return Uni.createFrom().nullItem();
        }
        // an identity that cannot be established is the endpoint's 401, not this filter's concern
        return identities.getDeferredIdentity().onFailure().recoverWithNull().flatMap(identity -> {
            if (!hasSubject(identity)) {
                return Uni.createFrom().<Response>nullItem();
            }
            Caller caller = Callers.caller(identity);
            return suspensions.isSuspended(caller.sub()).flatMap(suspended -> {
                if (!suspended) {
                    return Uni.createFrom().<Response>nullItem();
                }
                if (resource.getResourceClass() == GrantResource.class) {
                    return grants.refuseSuspended(caller, context(request));
                }
                return Uni.createFrom().failure(SuspensionService.suspendedProblem());
            });
        });
    }

    /**
     * The consoles show a suspension as a page, not as a JSON problem: the clerk console checks it itself, the
     * review console through audit-service, which refuses a suspended auditor.
     */
    private static boolean needsAccount(ResourceInfo resource) {
        return resource.getResourceClass() != null && resource.getResourceClass() != ConsoleResource.class
                && resource.getResourceClass() != ReviewResource.class
                && (secured(resource.getResourceClass()) || resource.getResourceMethod() != null
                && secured(resource.getResourceMethod()));
    }

    private static boolean secured(AnnotatedElement element) {
        return element.isAnnotationPresent(Authenticated.class) || element.isAnnotationPresent(RolesAllowed.class);
    }

    private static boolean hasSubject(SecurityIdentity identity) {
        return identity != null && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token
                && Identifiers.isSubject(token.getSubject());
    }

    /** What a refused request tells about itself; its body is not read. */
    private static RequestContext context(HttpServerRequest request) {
        String device = request.getHeader(Callers.DEVICE_HEADER);
        return Callers.context(request, Identifiers.isDeviceId(device) ? device : null);
    }
}
