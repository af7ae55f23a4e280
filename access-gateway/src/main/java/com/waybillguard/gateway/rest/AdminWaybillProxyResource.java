package com.waybillguard.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.waybillguard.gateway.client.Forwarded;
import com.waybillguard.gateway.client.UpstreamResponse;
import com.waybillguard.gateway.client.WaybillServiceClient;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

/** Admin waybill writes, forwarded to waybill-service (role {@code admin} here and there). */
@Path("/api/v1/admin/waybills")
@RolesAllowed("admin")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, ProblemExceptionMapper.PROBLEM_JSON})
public class AdminWaybillProxyResource {

    private static final String SERVICE = "waybill-service";
    private static final String BODY_REQUIRED = "a JSON body is required";

    private final WaybillServiceClient waybills;

    public AdminWaybillProxyResource(WaybillServiceClient waybills) {
        this.waybills = waybills;
    }

    @POST
    @Operation(summary = "Create a waybill (waybillNo generated when absent)")
    public Uni<Response> create(@NotNull(message = BODY_REQUIRED) JsonNode body, HttpServerRequest request) {
        return forward(waybills.create(body, forwarded(request)));
    }

    @PUT
    @Path("/{waybillNo}/status")
    @Operation(summary = "Change a waybill's status")
    public Uni<Response> status(@RestPath String waybillNo, @NotNull(message = BODY_REQUIRED) JsonNode body,
                                HttpServerRequest request) {
        Callers.requireWaybillNo(waybillNo);
        return forward(waybills.updateStatus(waybillNo, body, forwarded(request)));
    }

    @PUT
    @Path("/{waybillNo}/assignment")
    @Operation(summary = "Assign pickup and delivery couriers")
    public Uni<Response> assignment(@RestPath String waybillNo, @NotNull(message = BODY_REQUIRED) JsonNode body,
                                    HttpServerRequest request) {
        Callers.requireWaybillNo(waybillNo);
        return forward(waybills.updateAssignment(waybillNo, body, forwarded(request)));
    }

    private static Forwarded forwarded(HttpServerRequest request) {
        return new Forwarded(request.getHeader(HttpHeaders.AUTHORIZATION), null,
                request.getHeader(Callers.DEVICE_HEADER), Callers.clientIp(request), Callers.requestId(request));
    }

    private static Uni<Response> forward(Uni<UpstreamResponse> call) {
        return call.map(Upstreams::passThrough).onFailure().transform(f -> Upstreams.failure(f, SERVICE));
    }
}
