package com.waybillguard.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Map;

/** audit-service, same paths as the public API (URL {@code WG_AUDIT_SERVICE_URL}). */
@RegisterRestClient(configKey = "audit-service")
@Path("/api/v1")
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
interface AuditServiceRestClient {

    @GET
    @Path("/audit/events")
    Uni<Response> events(@RestQuery Map<String, String> filters,
                         @HeaderParam("Authorization") String authorization,
                         @HeaderParam("X-Forwarded-For") String forwardedFor,
                         @HeaderParam("X-Request-Id") String requestId);

    @GET
    @Path("/audit/actors/{actor}/timeline")
    Uni<Response> timeline(@PathParam("actor") String actor, @RestQuery Map<String, String> filters,
                           @HeaderParam("Authorization") String authorization,
                           @HeaderParam("X-Forwarded-For") String forwardedFor,
                           @HeaderParam("X-Request-Id") String requestId);

    @GET
    @Path("/audit/waybills/{waybillNo}/history")
    Uni<Response> history(@PathParam("waybillNo") String waybillNo, @RestQuery Map<String, String> filters,
                          @HeaderParam("Authorization") String authorization,
                          @HeaderParam("X-Forwarded-For") String forwardedFor,
                          @HeaderParam("X-Request-Id") String requestId);

    @GET
    @Path("/audit/alerts")
    Uni<Response> alerts(@RestQuery Map<String, String> filters,
                         @HeaderParam("Authorization") String authorization,
                         @HeaderParam("X-Forwarded-For") String forwardedFor,
                         @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/audit/alerts/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> resolveAlert(@PathParam("id") String id, JsonNode body,
                               @HeaderParam("Authorization") String authorization,
                               @HeaderParam("X-Forwarded-For") String forwardedFor,
                               @HeaderParam("X-Request-Id") String requestId);

    @GET
    @Path("/audit/verify")
    Uni<Response> verify(@QueryParam("fromSeq") String fromSeq, @QueryParam("toSeq") String toSeq,
                         @HeaderParam("Authorization") String authorization,
                         @HeaderParam("X-Forwarded-For") String forwardedFor,
                         @HeaderParam("X-Request-Id") String requestId);

    @GET
    @Path("/audit/export")
    @Produces({EXPORT_MEDIA_TYPE, "application/problem+json"})
    Uni<Response> export(@QueryParam("fromSeq") String fromSeq, @QueryParam("toSeq") String toSeq,
                         @HeaderParam("Authorization") String authorization,
                         @HeaderParam("X-Forwarded-For") String forwardedFor,
                         @HeaderParam("X-Request-Id") String requestId);

    /** Media type of an audit export: newline-delimited JSON. */
    String EXPORT_MEDIA_TYPE = "application/x-ndjson";

    @GET
    @Path("/audit/checkpoints")
    Uni<Response> checkpoints(@QueryParam("page") String page, @QueryParam("size") String size,
                              @HeaderParam("Authorization") String authorization,
                              @HeaderParam("X-Forwarded-For") String forwardedFor,
                              @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/audit/checkpoints")
    Uni<Response> signCheckpoint(@HeaderParam("Authorization") String authorization,
                                 @HeaderParam("X-Forwarded-For") String forwardedFor,
                                 @HeaderParam("X-Request-Id") String requestId);

    @POST
    @Path("/accounts/{sub}/{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> accountAction(@PathParam("sub") String sub, @PathParam("action") String action, JsonNode body,
                                @HeaderParam("Authorization") String authorization,
                                @HeaderParam("X-Forwarded-For") String forwardedFor,
                                @HeaderParam("X-Request-Id") String requestId);
}
