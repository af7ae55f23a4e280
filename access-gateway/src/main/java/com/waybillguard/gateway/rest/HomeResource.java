package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.service.AccessPolicy;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;

/** {@code /}: sends a signed-in user to the console of their role. */
@Path("/")
@Authenticated
public class HomeResource {

    private final SecurityIdentity identity;
    private final AccessPolicy policy;

    public HomeResource(SecurityIdentity identity, AccessPolicy policy) {
        this.identity = identity;
        this.policy = policy;
    }

    @GET
    @Operation(hidden = true)
    public Response home() {
        if (policy.primaryRole(identity.getRoles()).isPresent()) {
            return Response.seeOther(URI.create("/console/")).build();
        }
        if (identity.getRoles().contains(AccessPolicy.AUDITOR_ROLE)) {
            return Response.seeOther(URI.create("/review/")).build();
        }
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .entity("No console for this account's role. / 此账号的角色没有控制台。").build();
    }
}
