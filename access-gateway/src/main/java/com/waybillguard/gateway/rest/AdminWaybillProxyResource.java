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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestPath;

/** Admin waybill writes, forwarded to waybill-service (role {@code admin} here and there). */
@Path("/api/v1/admin/waybills")
@RolesAllowed("admin")
@SecurityRequirement(name = OpenApiRefs.BEARER)
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
    @Operation(operationId = "createWaybill", summary = "Create a waybill; waybillNo is generated when absent (role admin)",
            description = "Forwarded to waybill-service, which validates the waybill (docs/api.md, \"Admin API\").")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT, description = "A waybill as in docs/api.md, \"Admin API\"; "
                    + "canary: true marks a honeytoken."),
            examples = @ExampleObject(name = "waybill", value = "{\"sender\": {\"name\": \"Li Lei\", \"phone\": \"13800000000\", "
                    + "\"address\": {\"province\": \"Yunnan\", \"city\": \"Kunming\", \"district\": \"Wuhua\", \"detail\": \"1 Road\"}}, "
                    + "\"receiver\": {\"name\": \"Han Meimei\", \"phone\": \"13900000000\", "
                    + "\"address\": {\"province\": \"Yunnan\", \"city\": \"Dali\", \"district\": \"Xiaguan\", \"detail\": \"2 Street\"}}, "
                    + "\"originOutletId\": \"HD-YN\", \"weightGrams\": 1200}")))
    @APIResponse(responseCode = "201", description = "Created.", content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "created", value = "{\"waybillNo\": \"YT1234567890123\"}")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "409", ref = OpenApiRefs.WAYBILL_EXISTS)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> create(@NotNull(message = BODY_REQUIRED) JsonNode body, HttpServerRequest request) {
        return forward(waybills.create(body, forwarded(request)));
    }

    @PUT
    @Path("/{waybillNo}/status")
    @Operation(operationId = "changeWaybillStatus", summary = "Change a waybill's status (role admin)")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiRefs.JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "status", value = "{\"status\": \"PICKED_UP\"}")))
    @APIResponse(responseCode = "200", description = "The status now in force.", content = @Content(
            mediaType = OpenApiRefs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.WAYBILL_WRITE_INVALID)
    @APIResponse(responseCode = "404", ref = OpenApiRefs.WAYBILL_NOT_FOUND)
    @APIResponse(responseCode = "409", ref = OpenApiRefs.STATUS_CONFLICT)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> status(@RestPath String waybillNo, @NotNull(message = BODY_REQUIRED) JsonNode body,
                                HttpServerRequest request) {
        Callers.requireWaybillNo(waybillNo);
        return forward(waybills.updateStatus(waybillNo, body, forwarded(request)));
    }

    @PUT
    @Path("/{waybillNo}/assignment")
    @Operation(operationId = "assignCouriers", summary = "Assign pickup and delivery couriers (role admin)")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiRefs.JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "assignment",
                    value = "{\"pickupCourierId\": \"C-1001\", \"deliveryCourierId\": \"C-2002\"}")))
    @APIResponse(responseCode = "200", description = "The assignment now in force.", content = @Content(
            mediaType = OpenApiRefs.JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.WAYBILL_WRITE_INVALID)
    @APIResponse(responseCode = "404", ref = OpenApiRefs.WAYBILL_NOT_FOUND)
    @APIResponse(responseCode = "409", ref = OpenApiRefs.ASSIGNMENT_CONFLICT)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.UNSUPPORTED_MEDIA_TYPE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
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
