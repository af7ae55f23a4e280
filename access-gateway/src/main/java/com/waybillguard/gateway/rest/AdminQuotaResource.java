package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.service.QuotaService;
import io.smallrye.mutiny.Uni;
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
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestPath;

/** Per-account quota overrides, stored in Redis (role {@code admin}). */
@Path("/api/v1/admin/quotas/accounts/{sub}")
@RolesAllowed("admin")
public class AdminQuotaResource {

    /** The override now in force. */
    public record QuotaOverride(String sub, long perMinute, long perHour, long perDay) {
    }

    private static final Logger LOG = Logger.getLogger(AdminQuotaResource.class);

    private final QuotaService quotas;

    public AdminQuotaResource(QuotaService quotas) {
        this.quotas = quotas;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set an account's quota override")
    public Uni<QuotaOverride> put(@RestPath String sub,
                                  @Valid @NotNull(message = "a JSON body is required") QuotaOverrideRequest body) {
        Callers.requireSubject(sub);
        return quotas.setOverride(sub, body.perMinute(), body.perHour(), body.perDay())
                .invoke(() -> LOG.infof("quota override set for account %s", sub))
                .map(v -> new QuotaOverride(sub, body.perMinute(), body.perHour(), body.perDay()));
    }

    @DELETE
    @Operation(summary = "Remove an account's quota override (role defaults apply again)")
    public Uni<Response> delete(@RestPath String sub) {
        Callers.requireSubject(sub);
        return quotas.removeOverride(sub).map(deleted -> {
            if (!deleted) {
                throw new ProblemException(ProblemType.NOT_FOUND, "This account has no quota override.");
            }
            LOG.infof("quota override removed for account %s", sub);
            return Response.noContent().build();
        });
    }
}
