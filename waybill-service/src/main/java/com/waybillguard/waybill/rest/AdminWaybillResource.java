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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;

/** Admin writes: create a waybill, move its status, assign couriers. Never a read of personal data. */
@Path("/api/v1/admin/waybills")
@RolesAllowed(AdminWaybillResource.ROLE)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminWaybillResource {

    static final String ROLE = "admin";

    /** The answer to a create: the waybill's number (also in {@code Location}). */
    public record Created(String waybillNo) {
    }

    /** The body of a status change. */
    public record StatusChange(@NotNull WaybillStatus status) {
    }

    private final WaybillAdminService admin;
    private final JsonWebToken token;

    AdminWaybillResource(WaybillAdminService admin, JsonWebToken token) {
        this.admin = admin;
        this.token = token;
    }

    @POST
    @Operation(summary = "Create a waybill (number generated when absent)")
    public Uni<Response> create(@NotNull @Valid AdminWrites.CreateWaybill body, @Context HttpServerRequest http) {
        return admin.create(body, caller(), RequestHeaders.context(http))
                .map(no -> Response.created(URI.create("/api/v1/waybills/" + no))
                        .entity(new Created(no)).build());
    }

    @PUT
    @Path("/{waybillNo}/status")
    @Operation(summary = "Move a waybill along its lifecycle")
    public Uni<AdminWrites.StatusChanged> status(@PathParam("waybillNo") String waybillNo,
                                                 @NotNull @Valid StatusChange body,
                                                 @Context HttpServerRequest http) {
        return admin.changeStatus(waybillNo, body.status(), caller(), RequestHeaders.context(http));
    }

    @PUT
    @Path("/{waybillNo}/assignment")
    @Operation(summary = "Assign the pickup and delivery couriers")
    public Uni<AdminWrites.Assigned> assignment(@PathParam("waybillNo") String waybillNo,
                                                @NotNull @Valid AdminWrites.Assignment body,
                                                @Context HttpServerRequest http) {
        return admin.assign(waybillNo, body, caller(), RequestHeaders.context(http));
    }

    private Caller caller() {
        return Callers.of(token, ROLE);
    }
}
