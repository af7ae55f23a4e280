package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.client.Forwarded;
import com.waybillguard.gateway.client.WaybillServiceClient;
import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.service.SuspensionService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code GET /api/v1/waybills/{waybillNo}}: checks what the gateway can check (token, device id,
 * grant present, waybill number, suspension) and forwards the read to waybill-service, which
 * verifies and consumes the grant.
 */
@Path("/api/v1/waybills")
@Authenticated
public class WaybillProxyResource {

    private static final String SERVICE = "waybill-service";

    private final WaybillServiceClient waybills;
    private final SuspensionService suspensions;
    private final SecurityIdentity identity;

    public WaybillProxyResource(WaybillServiceClient waybills, SuspensionService suspensions,
                                SecurityIdentity identity) {
        this.waybills = waybills;
        this.suspensions = suspensions;
        this.identity = identity;
    }

    @GET
    @Path("/{waybillNo}")
    @Produces({MediaType.APPLICATION_JSON, ProblemExceptionMapper.PROBLEM_JSON})
    @Operation(summary = "Read one waybill with a grant; the view depends on role, purpose and parcel")
    public Uni<Response> read(@RestPath String waybillNo,
                              @RestHeader(Callers.DEVICE_HEADER) String deviceId,
                              @RestHeader(Callers.GRANT_HEADER) String grant,
                              HttpServerRequest request) {
        Caller caller = Callers.caller(identity);
        String device = Callers.requireDevice(deviceId);
        if (grant == null || grant.isBlank()) {
            throw new ProblemException(ProblemType.GRANT_MISSING,
                    "Header X-Access-Grant is required: ask POST /api/v1/grants for one first.");
        }
        Callers.requireWaybillNo(waybillNo);
        Forwarded forwarded = new Forwarded(request.getHeader(HttpHeaders.AUTHORIZATION), grant.trim(), device,
                Callers.clientIp(request), Callers.requestId(request));
        return suspensions.requireActive(caller.sub())
                .flatMap(ok -> waybills.read(waybillNo, forwarded))
                .map(Upstreams::passThrough)
                .onFailure().transform(f -> Upstreams.failure(f, SERVICE));
    }
}
