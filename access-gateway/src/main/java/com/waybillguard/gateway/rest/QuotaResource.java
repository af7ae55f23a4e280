package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.QuotaWindow;
import com.waybillguard.gateway.service.AccessPolicy;
import com.waybillguard.gateway.service.QuotaService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

import java.util.List;

/** {@code GET /api/v1/quota}: the caller's quota windows, without consuming anything. */
@Path("/api/v1/quota")
@Authenticated
@SecurityRequirement(name = OpenApiRefs.BEARER)
public class QuotaResource {

    /** The caller's windows; {@code role} is the role whose defaults apply (null: the account gets no grants). */
    public record QuotaView(String sub, String role, List<QuotaWindow> windows) {
    }

    private final QuotaService quotas;
    private final AccessPolicy policy;
    private final SecurityIdentity identity;

    public QuotaResource(QuotaService quotas, AccessPolicy policy, SecurityIdentity identity) {
        this.quotas = quotas;
        this.policy = policy;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getQuota", summary = "The caller's grant quota: limit, remaining and seconds to reset per window",
            description = "Consumes nothing. Windows minute and hour (sliding: any 60 s, any hour), day (the calendar "
                    + "day of the account's time zone) and the daily ceiling the account shares: outlet-day for an "
                    + "account with an outlet, role-day for one without; no windows and role null for an account whose "
                    + "roles get no grants. resetSeconds of a sliding window: until enough of its oldest grants have "
                    + "left it that one more would be granted; of a daily window: until local midnight.")
    @APIResponse(responseCode = "200", description = "The caller's windows.",
            content = @Content(mediaType = OpenApiRefs.JSON, schema = @Schema(implementation = QuotaView.class),
                    examples = @ExampleObject(name = "clerk", value = "{\"sub\": \"8f1c…\", \"role\": \"clerk\", "
                            + "\"windows\": [{\"window\": \"minute\", \"limit\": 30, \"remaining\": 29, \"resetSeconds\": 41}, "
                            + "{\"window\": \"hour\", \"limit\": 300, \"remaining\": 299, \"resetSeconds\": 2141}, "
                            + "{\"window\": \"day\", \"limit\": 1500, \"remaining\": 1499, \"resetSeconds\": 51341}, "
                            + "{\"window\": \"outlet-day\", \"limit\": 20000, \"remaining\": 19990, \"resetSeconds\": 51341}]}")))
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.SUSPENDED)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.SERVICE_UNAVAILABLE)
    public Uni<QuotaView> quota() {
        Caller caller = Callers.caller(identity);
        return policy.primaryRole(caller.roles())
                .map(role -> quotas.peek(caller, role).map(d -> new QuotaView(caller.sub(), role, d.windows())))
                .orElseGet(() -> Uni.createFrom().item(new QuotaView(caller.sub(), null, List.of())));
    }
}
