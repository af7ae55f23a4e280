package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.mapping.WaybillViewResponse;
import com.waybillguard.waybill.service.ReadRequest;
import com.waybillguard.waybill.service.WaybillReadService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Reads a waybill with a single-use access grant; answers the view the field policy allows (docs/api.md,
 * "Reads"). Every status the read answers is declared for the OpenAPI document ({@code OpenApiStatusesTest}
 * provokes each one).
 */
@Path("/api/v1/waybills")
@Authenticated
public class WaybillReadResource {

    private final WaybillReadService reads;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    WaybillReadResource(WaybillReadService reads, JsonWebToken token, SecurityIdentity identity) {
        this.reads = reads;
        this.token = token;
        this.identity = identity;
    }

    @GET
    @Path("/{waybillNo}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read one waybill through the view that role, purpose, status and assignment allow",
            description = "Verifies the access grant and its binding to the caller, the device and the waybill, "
                    + "checks the suspension, redeems the grant once, decides the view and appends the audit "
                    + "event before answering.")
    @Parameter(name = RequestHeaders.DEVICE_ID, in = ParameterIn.HEADER, required = true,
            description = "the client device the grant was issued for: 8 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-'",
            schema = @Schema(type = SchemaType.STRING,
                    pattern = "^[A-Za-z0-9._-]{8,64}$"))
    @APIResponse(responseCode = "200", description = "the waybill as the view discloses it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WaybillViewResponse.class)))
    @APIResponse(responseCode = "400", description = "invalid-waybill-number, invalid-device-id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401",
            description = "unauthorized (no valid access token), grant-missing, grant-invalid, grant-expired",
            headers = @Header(name = "WWW-Authenticate", description = "Bearer, when the access token is missing or invalid",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "role-conflict, grant-not-bound (another account, device, role, outlet or "
            + "courier), grant-waybill-mismatch, account-suspended, "
            + "grant-replayed, purpose-not-allowed, out-of-scope",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "waybill-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "406", description = "not-acceptable: the client does not accept JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "500", description = "internal-error",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "audit-unavailable (no audit, no data), "
            + "grant-keys-unavailable, service-unavailable (Redis down or slower than wg.redis.timeout)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<WaybillViewResponse> read(@PathParam("waybillNo") String waybillNo,
                                         @Parameter(required = true, description = "the grant for this read, from POST /api/v1/grants at the gateway")
                                         @HeaderParam(RequestHeaders.ACCESS_GRANT) String grant,
                                         @Context HttpServerRequest http) {
        return reads.read(new ReadRequest(waybillNo, grant, Callers.of(token, identity), RequestHeaders.context(http)));
    }
}
