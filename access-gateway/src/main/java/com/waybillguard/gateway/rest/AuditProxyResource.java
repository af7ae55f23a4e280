package com.waybillguard.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.gateway.client.AuditServiceClient;
import com.waybillguard.gateway.client.Forwarded;
import com.waybillguard.gateway.client.UpstreamResponse;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import java.util.HashMap;
import java.util.Map;

/** The auditor API of audit-service (docs/api.md, "Audit API"), forwarded with query string and body. */
@Path("/api/v1")
@RolesAllowed("auditor")
@Produces({MediaType.APPLICATION_JSON, ProblemExceptionMapper.PROBLEM_JSON})
public class AuditProxyResource {

    private static final String SERVICE = "audit-service";

    private final AuditServiceClient audit;
    private final ObjectMapper mapper;

    public AuditProxyResource(AuditServiceClient audit, ObjectMapper mapper) {
        this.audit = audit;
        this.mapper = mapper;
    }

    /** The optional JSON body of an auditor action (e.g. a reason); absent is fine, malformed is a 400. */
    private JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "The request body is not valid JSON.");
        }
    }

    @GET
    @Path("/audit/events")
    @Operation(summary = "Audit events, paged, newest first")
    public Uni<Response> events(UriInfo uri, HttpServerRequest request) {
        return forward(audit.events(query(uri), forwarded(request)));
    }

    @GET
    @Path("/audit/actors/{actor}/timeline")
    @Operation(summary = "One account's audit timeline (by sub or username), paged, newest first")
    public Uni<Response> timeline(@RestPath String actor, UriInfo uri, HttpServerRequest request) {
        Callers.requireSubject(actor);
        return forward(audit.timeline(actor, query(uri), forwarded(request)));
    }

    @GET
    @Path("/audit/waybills/{waybillNo}/history")
    @Operation(summary = "Everything that happened to one waybill, paged, newest first")
    public Uni<Response> history(@RestPath String waybillNo, UriInfo uri, HttpServerRequest request) {
        Callers.requireWaybillNo(waybillNo);
        return forward(audit.history(waybillNo, query(uri), forwarded(request)));
    }

    @GET
    @Path("/audit/verify")
    @Operation(summary = "Verify the hash chain")
    public Uni<Response> verify(UriInfo uri, HttpServerRequest request) {
        return forward(audit.verify(query(uri), forwarded(request)));
    }

    @GET
    @Path("/audit/checkpoints")
    @Operation(summary = "Signed checkpoints of the chain")
    public Uni<Response> checkpoints(UriInfo uri, HttpServerRequest request) {
        return forward(audit.checkpoints(query(uri), forwarded(request)));
    }

    @POST
    @Path("/audit/checkpoints")
    @Operation(summary = "Sign a checkpoint of the chain head now")
    public Uni<Response> signCheckpoint(HttpServerRequest request) {
        return forward(audit.signCheckpoint(forwarded(request)));
    }

    @POST
    @Path("/accounts/{sub}/suspend")
    @Operation(summary = "Suspend an account")
    public Uni<Response> suspend(@RestPath String sub, String body, HttpServerRequest request) {
        Callers.requireSubject(sub);
        return forward(audit.accountAction(sub, "suspend", json(body), forwarded(request)));
    }

    @POST
    @Path("/accounts/{sub}/reinstate")
    @Operation(summary = "Reinstate a suspended account")
    public Uni<Response> reinstate(@RestPath String sub, String body, HttpServerRequest request) {
        Callers.requireSubject(sub);
        return forward(audit.accountAction(sub, "reinstate", json(body), forwarded(request)));
    }

    /** First value of every query parameter; the client only forwards the names the audit API knows. */
    private static Map<String, String> query(UriInfo uri) {
        Map<String, String> query = new HashMap<>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (!values.isEmpty()) {
                query.put(name, values.get(0));
            }
        });
        return query;
    }

    private static Forwarded forwarded(HttpServerRequest request) {
        return new Forwarded(request.getHeader(HttpHeaders.AUTHORIZATION), null,
                request.getHeader(Callers.DEVICE_HEADER), Callers.clientIp(request), Callers.requestId(request));
    }

    private static Uni<Response> forward(Uni<UpstreamResponse> call) {
        return call.map(Upstreams::passThrough).onFailure().transform(f -> Upstreams.failure(f, SERVICE));
    }
}
