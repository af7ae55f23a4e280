package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.Purpose;
import com.waybillguard.gateway.service.GrantService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;

/** {@code POST /api/v1/grants}: one short-lived, single-use grant for one waybill and one purpose. */
@Path("/api/v1/grants")
@Authenticated
public class GrantResource {

    private final GrantService grants;
    private final SecurityIdentity identity;

    public GrantResource(GrantService grants, SecurityIdentity identity) {
        this.grants = grants;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a grant for one waybill and one purpose, under quota")
    public Uni<Response> issue(@Valid @NotNull(message = "a JSON body is required") GrantRequest body,
                               @RestHeader(Callers.DEVICE_HEADER) String deviceId,
                               HttpServerRequest request) {
        Caller caller = Callers.caller(identity);
        String device = Callers.requireDevice(deviceId);
        Purpose purpose = Purpose.valueOf(body.purpose());
        return grants.issue(caller, body.waybillNo(), purpose, Callers.context(request, device))
                .map(issued -> {
                    Response.ResponseBuilder builder = Response.status(Response.Status.CREATED)
                            .entity(new GrantResponse(issued.grant(), issued.waybillNo(), issued.purpose().name(),
                                    issued.expiresAt()))
                            .header(HttpHeaders.CACHE_CONTROL, "no-store");
                    GrantService.rateLimitHeaders(issued.quota()).forEach(builder::header);
                    return builder.build();
                });
    }
}
