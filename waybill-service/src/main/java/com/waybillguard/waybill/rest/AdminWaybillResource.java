package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.domain.Caller;
import com.waybillguard.waybill.domain.WaybillStatus;
import com.waybillguard.waybill.service.AdminWrites;
import com.waybillguard.waybill.service.WaybillAdminService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URI;

/**
 * Admin writes (docs/api.md, "Admin API"): create a waybill, move its status, assign couriers. Never a read
 * of personal data. Every status a write answers is declared for the OpenAPI document
 * ({@code OpenApiStatusesTest} provokes each one).
 */
@Path("/api/v1/admin/waybills")
@RolesAllowed(AdminWaybillResource.ROLE)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "invalid-request (malformed JSON, a bad field: every one is named), "
        + "invalid-waybill-number",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "unauthorized: no valid access token",
        headers = @Header(name = "WWW-Authenticate", description = "Bearer", schema = @Schema(type = SchemaType.STRING)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "forbidden (not an admin), role-conflict (an admin that also holds another "
        + "of the suite's roles), account-suspended",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "406", description = "not-acceptable: the client does not accept JSON",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "415", description = "unsupported-media-type: the body is not application/json",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "500", description = "internal-error",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "service-unavailable: Redis or PostgreSQL away (nothing written); "
        + "the audit event of a committed write waits in the outbox while the stream is away",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class AdminWaybillResource {

    static final String ROLE = "admin";
    private static final String DEVICE_ID = "the admin's device; recorded in the audit event when it is 8 to 64 "
            + "characters of A-Z, a-z, 0-9, '.', '_', '-'";

    /** The answer to a create: the waybill's number (also in {@code Location}). */
    public record Created(String waybillNo) {
    }

    /** The body of a status change. */
    public record StatusChange(@NotNull WaybillStatus status) {
    }

    private final WaybillAdminService admin;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    AdminWaybillResource(WaybillAdminService admin, JsonWebToken token, SecurityIdentity identity) {
        this.admin = admin;
        this.token = token;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Create a waybill (number generated when absent)")
    @Parameter(name = RequestHeaders.DEVICE_ID, in = ParameterIn.HEADER, description = DEVICE_ID,
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "201", description = "created",
            headers = @Header(name = "Location", description = "/api/v1/waybills/{waybillNo}",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Created.class)))
    @APIResponse(responseCode = "409", description = "waybill-exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@NotNull @Valid AdminWrites.CreateWaybill body, @Context HttpServerRequest http) {
        return admin.create(body, caller(), RequestHeaders.context(http))
                .map(no -> Response.created(URI.create("/api/v1/waybills/" + no))
                        .entity(new Created(no)).build());
    }

    @PUT
    @Path("/{waybillNo}/status")
    @Operation(summary = "Move a waybill along its lifecycle")
    @Parameter(name = RequestHeaders.DEVICE_ID, in = ParameterIn.HEADER, description = DEVICE_ID,
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", description = "the new status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AdminWrites.StatusChanged.class)))
    @APIResponse(responseCode = "404", description = "waybill-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "illegal-status-transition, concurrent-update",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AdminWrites.StatusChanged> status(@PathParam("waybillNo") String waybillNo,
                                                 @NotNull @Valid StatusChange body,
                                                 @Context HttpServerRequest http) {
        return admin.changeStatus(waybillNo, body.status(), caller(), RequestHeaders.context(http));
    }

    @PUT
    @Path("/{waybillNo}/assignment")
    @Operation(summary = "Assign the pickup and delivery couriers")
    @Parameter(name = RequestHeaders.DEVICE_ID, in = ParameterIn.HEADER, description = DEVICE_ID,
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", description = "the new assignment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AdminWrites.Assigned.class)))
    @APIResponse(responseCode = "404", description = "waybill-not-found",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "concurrent-update: another write of the waybill won the race",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<AdminWrites.Assigned> assignment(@PathParam("waybillNo") String waybillNo,
                                                @NotNull @Valid AdminWrites.Assignment body,
                                                @Context HttpServerRequest http) {
        return admin.assign(waybillNo, body, caller(), RequestHeaders.context(http));
    }

    private Caller caller() {
        return Callers.acting(token, identity, ROLE);
    }
}
