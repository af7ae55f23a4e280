package com.waybillguard.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** waybill-service, same paths as the public API (URL {@code WG_WAYBILL_SERVICE_URL}). */
@RegisterRestClient(configKey = "waybill-service")
@Path("/api/v1")
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
interface WaybillServiceRestClient {

    @GET
    @Path("/waybills/{waybillNo}")
    Uni<Response> read(@PathParam("waybillNo") String waybillNo,
                       @HeaderParam("Authorization") String authorization,
                       @HeaderParam("X-Access-Grant") String accessGrant,
                       @HeaderParam("X-Device-Id") String deviceId,
                       @HeaderParam("X-Forwarded-For") String forwardedFor,
                       @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/admin/waybills")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> create(JsonNode body,
                         @HeaderParam("Authorization") String authorization,
                         @HeaderParam("X-Forwarded-For") String forwardedFor,
                         @HeaderParam("X-Request-Id") String requestId);

    @PUT
    @Path("/admin/waybills/{waybillNo}/status")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> updateStatus(@PathParam("waybillNo") String waybillNo, JsonNode body,
                               @HeaderParam("Authorization") String authorization,
                               @HeaderParam("X-Forwarded-For") String forwardedFor,
                               @HeaderParam("X-Request-Id") String requestId);

    @PUT
    @Path("/admin/waybills/{waybillNo}/assignment")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> updateAssignment(@PathParam("waybillNo") String waybillNo, JsonNode body,
                                   @HeaderParam("Authorization") String authorization,
                                   @HeaderParam("X-Forwarded-For") String forwardedFor,
                                   @HeaderParam("X-Request-Id") String requestId);
}
