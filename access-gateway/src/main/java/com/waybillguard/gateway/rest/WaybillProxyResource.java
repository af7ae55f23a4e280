package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.client.Forwarded;
import com.waybillguard.gateway.client.WaybillServiceClient;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import com.waybillguard.gateway.domain.Identifiers;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code GET /api/v1/waybills/{waybillNo}}: checks what the gateway can check (token, a role that holds grants,
 * device id, grant present, waybill number; the suspension in {@link SuspensionFilter}) and forwards the read to waybill-service, which
 * verifies and consumes the grant.
 */
@Path("/api/v1/waybills")
// the roles that hold grants (AccessPolicy.GRANT_ROLES): auditors and admins never read a waybill, so their reads are
// refused here and never forwarded
@RolesAllowed({"clerk", "courier", "cs_agent"})
@SecurityRequirement(name = OpenApiRefs.BEARER)
public class WaybillProxyResource {

    private static final String SERVICE = "waybill-service";

    private final WaybillServiceClient waybills;
    private final SecurityIdentity identity;

    public WaybillProxyResource(WaybillServiceClient waybills, SecurityIdentity identity) {
        this.waybills = waybills;
        this.identity = identity;
    }

    @GET
    @Path("/{waybillNo}")
    @Produces({MediaType.APPLICATION_JSON, ProblemExceptionMapper.PROBLEM_JSON})
    @Operation(operationId = "readWaybill",
            summary = "Read one waybill with a grant; the view depends on role, purpose and parcel",
            description = "The gateway checks the token, X-Device-Id, that a grant is present, the number and the "
                    + "suspension, then forwards to waybill-service, which verifies and consumes the grant (once), "
                    + "decides the view, records WAYBILL_READ and only then answers. Its 4xx problems pass through.")
    @APIResponse(responseCode = "200", description = "The waybill as the view decided by the field policy shows it; "
            + "personal fields are full, masked or absent (docs/api.md, \"Field policy and masking\").",
            content = @Content(mediaType = OpenApiRefs.JSON, schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "tracking view", value = "{\"waybillNo\": \"YT1234567890123\", "
                            + "\"status\": \"IN_TRANSIT\", \"view\": \"TRACKING\"}")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.READ_REQUEST_INVALID)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.READ_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.READ_REFUSED)
    @APIResponse(responseCode = "404", ref = OpenApiRefs.WAYBILL_NOT_FOUND)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> read(@Parameter(description = "The waybill: " + Identifiers.WAYBILL_NO_RULE + ".",
                                      schema = @Schema(type = SchemaType.STRING, pattern = Identifiers.WAYBILL_NO), example = "YT1234567890123")
                              @RestPath String waybillNo,
                              @Parameter(name = Callers.DEVICE_HEADER, in = ParameterIn.HEADER, required = true,
                                      description = "The device the grant was issued to: " + Identifiers.DEVICE_ID_RULE + ".",
                                      schema = @Schema(type = SchemaType.STRING, pattern = Identifiers.DEVICE_ID), example = "dev-12345678")
                              @RestHeader(Callers.DEVICE_HEADER) String deviceId,
                              @Parameter(name = Callers.GRANT_HEADER, in = ParameterIn.HEADER, required = true,
                                      description = "The grant of POST /api/v1/grants for this waybill; it is consumed.")
                              @RestHeader(Callers.GRANT_HEADER) String grant,
                              HttpServerRequest request) {
        Callers.caller(identity);
        String device = Callers.requireDevice(deviceId);
        if (grant == null || grant.isBlank()) {
            throw new ProblemException(ProblemType.GRANT_MISSING,
                    "Header X-Access-Grant is required: ask POST /api/v1/grants for one first.");
        }
        Callers.requireWaybillNo(waybillNo);
        Forwarded forwarded = new Forwarded(request.getHeader(HttpHeaders.AUTHORIZATION), grant.trim(), device,
                Callers.clientIp(request), Callers.requestId(request));
        return waybills.read(waybillNo, forwarded)
                .map(Upstreams::passThrough)
                .onFailure().transform(f -> Upstreams.failure(f, SERVICE));
    }
}
