package com.waybillguard.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.gateway.client.AuditServiceClient;
import com.waybillguard.gateway.client.Forwarded;
import com.waybillguard.gateway.client.UpstreamResponse;
import com.waybillguard.gateway.domain.Identifiers;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.service.AccessPolicy;
import io.quarkus.security.identity.SecurityIdentity;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestPath;

import java.util.HashMap;
import java.util.Map;

/** The auditor API of audit-service (docs/api.md, "Audit API"), forwarded with query string and body. */
@Path("/api/v1")
@RolesAllowed(AccessPolicy.AUDITOR_ROLE)
@SecurityRequirement(name = OpenApiRefs.BEARER)
@Produces({MediaType.APPLICATION_JSON, ProblemExceptionMapper.PROBLEM_JSON})
public class AuditProxyResource {

    private static final String SERVICE = "audit-service";

    private final AuditServiceClient audit;
    private final ObjectMapper mapper;
    private final SecurityIdentity identity;

    public AuditProxyResource(AuditServiceClient audit, ObjectMapper mapper, SecurityIdentity identity) {
        this.audit = audit;
        this.mapper = mapper;
        this.identity = identity;
    }

    /** Nobody suspends or reinstates their own account (docs/api.md, "Accounts and suspension"). */
    private void requireOtherAccount(String sub, String action) {
        if (sub.equals(Callers.caller(identity).sub())) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "An account cannot " + action + " itself; another auditor must do it.");
        }
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
    @Operation(operationId = "searchAuditEvents", summary = "Audit events, paged, newest first; filters actor, waybillNo, outletId, action, decision, from, to, page, size, cursor (role auditor)")
    @APIResponse(responseCode = "200", description = "A page of events (docs/api.md, \"Audit API\").", content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "example", value = "{\"items\": [], \"page\": 0, \"size\": 50, \"nextCursor\": null}")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> events(UriInfo uri, HttpServerRequest request) {
        return forward(audit.events(query(uri), forwarded(request)));
    }

    @GET
    @Path("/audit/actors/{actor}/timeline")
    @Operation(operationId = "auditTimeline", summary = "One account's audit timeline (by sub or username), paged, newest first (role auditor)")
    @APIResponse(responseCode = "200", description = "A page of events.", content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "example", value = "{\"items\": [], \"page\": 0, \"size\": 50, \"nextCursor\": null}")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> timeline(@RestPath String actor, UriInfo uri, HttpServerRequest request) {
        Callers.requireSubject(actor);
        return forward(audit.timeline(actor, query(uri), forwarded(request)));
    }

    @GET
    @Path("/audit/waybills/{waybillNo}/history")
    @Operation(operationId = "waybillHistory", summary = "Everything that happened to one waybill, paged, newest first (role auditor)")
    @APIResponse(responseCode = "200", description = "A page of events.", content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "example", value = "{\"items\": [], \"page\": 0, \"size\": 50, \"nextCursor\": null}")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.HISTORY_REQUEST_INVALID)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> history(@RestPath String waybillNo, UriInfo uri, HttpServerRequest request) {
        Callers.requireWaybillNo(waybillNo);
        return forward(audit.history(waybillNo, query(uri), forwarded(request)));
    }

    @GET
    @Path("/audit/alerts")
    @Operation(operationId = "listAlerts", summary = "Detection alerts, paged, newest first; filters status (OPEN, RESOLVED), rule, actor (sub or username), page, size (role auditor)")
    @APIResponse(responseCode = "200", description = "A page of alerts (docs/api.md, \"Audit API\").", content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "example", value = "{\"items\": [{\"id\": \"5b0c…\", \"rule\": \"ENUMERATION\", "
                            + "\"severity\": \"HIGH\", \"mode\": \"enforce\", \"status\": \"OPEN\", \"raisedAt\": \"2026-11-28T09:14:03.120Z\", "
                            + "\"actor\": {\"sub\": \"8f1c…\", \"username\": \"clerk.jize\", \"role\": \"clerk\", \"outletId\": \"HD-JZ\"}, "
                            + "\"summary\": \"11 near-consecutive waybill numbers in 10 min\", "
                            + "\"evidence\": {\"eventIds\": [\"…\"], \"figures\": {\"linked\": 11, \"windowSeconds\": 600}}, "
                            + "\"suspended\": true, \"resolvedAt\": null, \"resolvedBy\": null, \"comment\": null}], "
                            + "\"page\": 0, \"size\": 50, \"hasMore\": false}")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> alerts(UriInfo uri, HttpServerRequest request) {
        return forward(audit.alerts(query(uri), forwarded(request)));
    }

    @POST
    @Path("/audit/alerts/{id}/resolve")
    @Operation(operationId = "resolveAlert", summary = "Resolve an alert with a comment; does not reinstate (role auditor)")
    @RequestBody(required = true, content = @Content(mediaType = OpenApiRefs.JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "comment", value = "{\"comment\": \"called the outlet: a new clerk, trained\"}")))
    @APIResponse(responseCode = "200", description = "The alert, now RESOLVED.", content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "example", value = "{\"id\": \"5b0c…\", \"status\": \"RESOLVED\", "
                            + "\"resolvedBy\": \"auditor.li\", \"comment\": \"a new clerk, trained\"}")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = OpenApiRefs.ALERT_NOT_FOUND)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "409", ref = OpenApiRefs.ALERT_RESOLVED)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> resolveAlert(@RestPath String id, String body, HttpServerRequest request) {
        if (!Identifiers.isAlertId(id)) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "The alert id is not well formed.");
        }
        JsonNode comment = json(body);
        if (comment == null || !comment.isObject()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "A JSON body {\"comment\": \"...\"} is required.");
        }
        return forward(audit.resolveAlert(id, comment, forwarded(request)));
    }

    @GET
    @Path("/audit/verify")
    @Operation(operationId = "verifyAuditChain", summary = "Verify the hash chain over fromSeq..toSeq (default: all of it) (role auditor)")
    @APIResponse(responseCode = "200", description = "The verification result.", content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> verify(UriInfo uri, HttpServerRequest request) {
        return forward(audit.verify(query(uri), forwarded(request)));
    }

    @GET
    @Path("/audit/export")
    @Produces({"application/x-ndjson", ProblemExceptionMapper.PROBLEM_JSON})
    @Operation(operationId = "exportAuditRange", summary = "Export fromSeq..toSeq as NDJSON for offline verification (role auditor)")
    @APIResponse(responseCode = "200", description = "The export, one JSON object per line.",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> export(UriInfo uri, HttpServerRequest request) {
        return forward(audit.export(query(uri), forwarded(request)));
    }

    @GET
    @Path("/audit/checkpoints")
    @Operation(operationId = "listCheckpoints", summary = "Signed checkpoints of the chain head, newest first (role auditor)")
    @APIResponse(responseCode = "200", description = "A page of checkpoints with the verifying public key.", content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> checkpoints(UriInfo uri, HttpServerRequest request) {
        return forward(audit.checkpoints(query(uri), forwarded(request)));
    }

    @POST
    @Path("/audit/checkpoints")
    @Operation(operationId = "signCheckpoint", summary = "Sign a checkpoint of the chain head now (role auditor)")
    @APIResponse(responseCode = "201", description = "The signed checkpoint.", content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    public Uni<Response> signCheckpoint(HttpServerRequest request) {
        return forward(audit.signCheckpoint(forwarded(request)));
    }

    @POST
    @Path("/accounts/{sub}/suspend")
    @Operation(operationId = "suspendAccount", summary = "Suspend an account at once everywhere (role auditor)")
    @APIResponse(responseCode = "200", description = "The suspension state.", content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "example", value = "{\"sub\": \"acct-1\", \"suspended\": true}")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.ACCOUNT_ACTION_FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    @RequestBody(content = @Content(mediaType = OpenApiRefs.JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "reason", value = "{\"reason\": \"rented account\"}")))
    public Uni<Response> suspend(@RestPath String sub, String body, HttpServerRequest request) {
        Callers.requireSubject(sub);
        requireOtherAccount(sub, "suspend");
        return forward(audit.accountAction(sub, "suspend", json(body), forwarded(request)));
    }

    @POST
    @Path("/accounts/{sub}/reinstate")
    @Operation(operationId = "reinstateAccount", summary = "Lift a suspension (role auditor)")
    @APIResponse(responseCode = "200", description = "The suspension state.", content = @Content(mediaType = OpenApiRefs.JSON,
            schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "example", value = "{\"sub\": \"acct-1\", \"suspended\": false}")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.ACCOUNT_ACTION_FORBIDDEN)
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    @APIResponse(responseCode = "502", ref = OpenApiRefs.UPSTREAM_ERROR)
    @APIResponse(responseCode = "503", ref = OpenApiRefs.UPSTREAM_UNAVAILABLE)
    @APIResponse(responseCode = "504", ref = OpenApiRefs.UPSTREAM_TIMEOUT)
    @RequestBody(content = @Content(mediaType = OpenApiRefs.JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "reason", value = "{\"reason\": \"rented account\"}")))
    public Uni<Response> reinstate(@RestPath String sub, String body, HttpServerRequest request) {
        Callers.requireSubject(sub);
        requireOtherAccount(sub, "reinstate");
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
