package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.Identifiers;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestHeader;

/** {@code POST /api/v1/grants}: one short-lived, single-use grant for one waybill and one purpose. */
@Path("/api/v1/grants")
@Authenticated
@SecurityRequirement(name = OpenApiRefs.BEARER)
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
    @Operation(operationId = "issueGrant", summary = "Issue a grant for one waybill and one purpose, under quota",
            description = "Checks the token, the role's purposes, the suspension and every quota window, records "
                    + "GRANT_ISSUED in the audit log and only then answers. The grant is sent as X-Access-Grant "
                    + "with one read of this waybill, from the same device, before expiresAt.")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(implementation = GrantRequest.class),
            examples = @ExampleObject(name = "counter inquiry",
                    value = "{\"waybillNo\": \"YT1234567890123\", \"purpose\": \"COUNTER_INQUIRY\"}")))
    @APIResponse(responseCode = "201", description = "The grant; RateLimit-* describe the tightest quota window.",
            headers = {
                    @Header(name = OpenApiRefs.RATE_LIMIT_LIMIT, ref = OpenApiRefs.RATE_LIMIT_LIMIT),
                    @Header(name = OpenApiRefs.RATE_LIMIT_REMAINING, ref = OpenApiRefs.RATE_LIMIT_REMAINING),
                    @Header(name = OpenApiRefs.RATE_LIMIT_RESET, ref = OpenApiRefs.RATE_LIMIT_RESET)},
            content = @Content(mediaType = OpenApiRefs.JSON, schema = @Schema(implementation = GrantResponse.class),
                    examples = @ExampleObject(name = "grant", value = "{\"grant\": \"eyJhbGciOiJFUzI1NiIs...\", "
                            + "\"waybillNo\": \"YT1234567890123\", \"purpose\": \"COUNTER_INQUIRY\", "
                            + "\"expiresAt\": \"2026-11-28T10:01:00Z\"}")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.GRANT_REQUEST_INVALID)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.GRANT_REFUSED)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "429", ref = OpenApiRefs.QUOTA_EXCEEDED)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.SERVICE_UNAVAILABLE)
    public Uni<Response> issue(@Valid @NotNull(message = "a JSON body is required") GrantRequest body,
                               @Parameter(name = Callers.DEVICE_HEADER, in = ParameterIn.HEADER, required = true,
                                       description = "The client device: " + Identifiers.DEVICE_ID_RULE
                                               + "; the grant is bound to it.",
                                       schema = @Schema(type = SchemaType.STRING, pattern = Identifiers.DEVICE_ID), example = "dev-12345678")
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
