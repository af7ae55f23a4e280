package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.service.QuotaService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestPath;

/** Per-account quota overrides, stored in Redis (role {@code admin}); each change is an audit event first. */
@Path("/api/v1/admin/quotas/accounts/{sub}")
@RolesAllowed("admin")
@SecurityRequirement(name = OpenApiRefs.BEARER)
public class AdminQuotaResource {

    /** The override now in force. */
    public record QuotaOverride(String sub, long perMinute, long perHour, long perDay) {
    }

    private static final Logger LOG = Logger.getLogger(AdminQuotaResource.class);

    private final QuotaService quotas;
    private final SecurityIdentity identity;

    public AdminQuotaResource(QuotaService quotas, SecurityIdentity identity) {
        this.quotas = quotas;
        this.identity = identity;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setQuotaOverride", summary = "Set an account's quota override (role admin)",
            description = "Replaces the role defaults of the account's minute, hour and day windows, for every "
                    + "gateway replica from the next request on.")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(implementation = QuotaOverrideRequest.class),
            examples = @ExampleObject(name = "override", value = "{\"perMinute\": 5, \"perHour\": 50, \"perDay\": 200}")))
    @APIResponse(responseCode = "200", description = "The override now in force.",
            content = @Content(mediaType = OpenApiRefs.JSON, schema = @Schema(implementation = QuotaOverride.class)))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.SERVICE_UNAVAILABLE)
    public Uni<QuotaOverride> put(@Parameter(description = "The account (OIDC subject).") @RestPath String sub,
                                  @Valid @NotNull(message = "a JSON body is required") QuotaOverrideRequest body,
                                  HttpServerRequest request) {
        Callers.requireSubject(sub);
        return quotas.setOverride(Callers.caller(identity), Callers.context(request, null), sub,
                        body.perMinute(), body.perHour(), body.perDay())
                .invoke(() -> LOG.infof("quota override set for account %s", sub))
                .map(v -> new QuotaOverride(sub, body.perMinute(), body.perHour(), body.perDay()));
    }

    @DELETE
    @Operation(operationId = "removeQuotaOverride",
            summary = "Remove an account's quota override; the role defaults apply again (role admin)")
    @APIResponse(responseCode = "204", description = "Removed.")
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = OpenApiRefs.NO_QUOTA_OVERRIDE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.SERVICE_UNAVAILABLE)
    public Uni<Response> delete(@Parameter(description = "The account (OIDC subject).") @RestPath String sub,
                                HttpServerRequest request) {
        Callers.requireSubject(sub);
        return quotas.removeOverride(Callers.caller(identity), Callers.context(request, null), sub).map(deleted -> {
            if (!deleted) {
                throw new ProblemException(ProblemType.NOT_FOUND, "This account has no quota override.");
            }
            LOG.infof("quota override removed for account %s", sub);
            return Response.noContent().build();
        });
    }
}
