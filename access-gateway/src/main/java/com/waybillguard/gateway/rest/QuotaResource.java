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

import java.util.List;

/** {@code GET /api/v1/quota}: the caller's quota windows, without consuming anything. */
@Path("/api/v1/quota")
@Authenticated
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
    @Operation(summary = "The caller's grant quota: limit, remaining and seconds to reset per window")
    public Uni<QuotaView> quota() {
        Caller caller = Callers.caller(identity);
        return policy.primaryRole(caller.roles())
                .map(role -> quotas.peek(caller, role).map(d -> new QuotaView(caller.sub(), role, d.windows())))
                .orElseGet(() -> Uni.createFrom().item(new QuotaView(caller.sub(), null, List.of())));
    }
}
