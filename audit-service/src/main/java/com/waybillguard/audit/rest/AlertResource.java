package com.waybillguard.audit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.domain.Alert;
import com.waybillguard.audit.domain.AlertPage;
import com.waybillguard.audit.domain.ProblemException;
import com.waybillguard.audit.service.AlertService;
import com.waybillguard.audit.service.SuspensionService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** The alerts raised by the detection rules of every service (role {@code auditor}; a suspended auditor is refused). */
@Path("/api/v1/audit/alerts")
@RolesAllowed("auditor")
@SecurityRequirement(name = AuditApiDocument.BEARER)
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private static final int MAX_PAGE = 1_000_000;
    private static final int MAX_COMMENT = 500;
    private static final Set<String> STATUSES = Set.of("OPEN", "RESOLVED");
    private static final Pattern RULE = Pattern.compile("^[A-Z][A-Z0-9_]{0,63}$");
    private static final Pattern UUID_FORM = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final AlertService alerts;
    private final SuspensionService suspensions;
    private final AuditConfig config;
    private final JsonWebToken token;
    private final ObjectMapper mapper;

    public AlertResource(AlertService alerts, SuspensionService suspensions, AuditConfig config, JsonWebToken token,
                         ObjectMapper mapper) {
        this.alerts = alerts;
        this.suspensions = suspensions;
        this.config = config;
        this.token = token;
        this.mapper = mapper;
    }

    @GET
    @Operation(summary = "Alerts, newest first; filter by status (OPEN, RESOLVED), rule and actor (sub or username); "
            + "page counts from 0")
    @APIResponse(responseCode = "200", description = "One page of alerts, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertPage.class)))
    @APIResponse(responseCode = "400", ref = AuditApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = AuditApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = AuditApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = AuditApiDocument.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = AuditApiDocument.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = AuditApiDocument.SERVICE_UNAVAILABLE)
    public Uni<AlertPage> alerts(@RestQuery String status, @RestQuery String rule, @RestQuery String actor,
                                 @RestQuery String page, @RestQuery String size) {
        return suspensions.ensureNotSuspended(Callers.of(token)).chain(() -> {
            String statusValue = QueryParams.text("status", status);
            if (statusValue != null && !STATUSES.contains(statusValue)) {
                throw ProblemException.invalidRequest("Parameter 'status' must be OPEN or RESOLVED.");
            }
            String ruleValue = QueryParams.text("rule", rule);
            if (ruleValue != null && !RULE.matcher(ruleValue).matches()) {
                throw ProblemException.invalidRequest("Parameter 'rule' must be a rule name such as SCOPE_PROBING.");
            }
            return alerts.search(new AlertService.Filter(statusValue, ruleValue, QueryParams.text("actor", actor),
                    (int) QueryParams.number("page", page, 0, 0, MAX_PAGE),
                    (int) QueryParams.number("size", size, config.query().defaultSize(), 1, config.query().maxSize())));
        });
    }

    @POST
    @Path("/{id}/resolve")
    @Operation(summary = "Resolve an open alert with a comment; appends ALERT_RESOLVED first. Does not reinstate the account")
    @APIResponse(responseCode = "200", description = "The alert, now RESOLVED",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Alert.class)))
    @APIResponse(responseCode = "400", ref = AuditApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = AuditApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = AuditApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = AuditApiDocument.NOT_FOUND)
    @APIResponse(responseCode = "406", ref = AuditApiDocument.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "409", ref = AuditApiDocument.ALERT_RESOLVED)
    @APIResponse(responseCode = "500", ref = AuditApiDocument.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = AuditApiDocument.SERVICE_UNAVAILABLE)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ResolveRequest.class)))
    public Uni<Alert> resolve(@RestPath String id, String body) {
        var caller = Callers.of(token);
        return suspensions.ensureNotSuspended(caller).chain(() -> {
            if (id == null || !UUID_FORM.matcher(id).matches()) {
                throw ProblemException.invalidRequest("The alert id must be a UUID.");
            }
            return alerts.resolve(UUID.fromString(id), comment(body), caller);
        });
    }

    /** The body {@code {"comment": "..."}}, read as text so that a missing content type is not a 415. */
    private String comment(String body) {
        String example = "The body must be JSON such as {\"comment\": \"...\"} with a comment of 1 to " + MAX_COMMENT + " characters.";
        if (body == null || body.isBlank()) {
            throw ProblemException.invalidRequest(example);
        }
        ResolveRequest request;
        try {
            request = mapper.readValue(body, ResolveRequest.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidRequest(example);
        }
        if (request == null || request.comment() == null || request.comment().isBlank()) {
            throw ProblemException.invalidRequest(example);
        }
        String comment = request.comment().strip();
        if (comment.length() > MAX_COMMENT || comment.indexOf('\u0000') >= 0) {
            throw ProblemException.invalidRequest("Field 'comment' must be 1 to " + MAX_COMMENT + " characters.");
        }
        return comment;
    }
}
