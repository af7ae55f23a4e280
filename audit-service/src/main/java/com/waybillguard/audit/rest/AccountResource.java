package com.waybillguard.audit.rest;

import com.waybillguard.audit.config.SuspensionConfig;
import com.waybillguard.audit.domain.Caller;
import com.waybillguard.audit.domain.ProblemException;

import com.waybillguard.audit.domain.SuspensionState;
import com.waybillguard.audit.service.SuspensionService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestPath;

/** Suspension and reinstatement of accounts (role {@code auditor}; a suspended auditor is refused). */
@Path("/api/v1/accounts/{sub}")
@RolesAllowed("auditor")
@SecurityRequirement(name = AuditApiDocument.BEARER)
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private static final int MAX_SUB = 255;

    private final SuspensionService suspensions;
    private final JsonWebToken token;
    private final SuspensionConfig config;
    private final ObjectMapper mapper;

    public AccountResource(SuspensionService suspensions, JsonWebToken token, SuspensionConfig config, ObjectMapper mapper) {
        this.suspensions = suspensions;
        this.token = token;
        this.config = config;
        this.mapper = mapper;
    }

    @POST
    @Path("/suspend")
    @Operation(summary = "Suspend an account at once everywhere; records ACCOUNT_SUSPENDED")
    @APIResponse(responseCode = "200", description = "The account is suspended",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SuspensionState.class)))
    @APIResponse(responseCode = "400", ref = AuditApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = AuditApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = AuditApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = AuditApiDocument.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = AuditApiDocument.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = AuditApiDocument.SERVICE_UNAVAILABLE)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SuspensionRequest.class)))
    public Uni<SuspensionState> suspend(@RestPath String sub, String body) {
        Caller caller = Callers.of(token);
        return suspensions.ensureNotSuspended(caller).chain(() -> suspensions.suspend(validSub(sub), reason(body), caller));
    }

    @POST
    @Path("/reinstate")
    @Operation(summary = "Lift a suspension; records ACCOUNT_REINSTATED")
    @APIResponse(responseCode = "200", description = "The account is no longer suspended",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SuspensionState.class)))
    @APIResponse(responseCode = "400", ref = AuditApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = AuditApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = AuditApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = AuditApiDocument.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = AuditApiDocument.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = AuditApiDocument.SERVICE_UNAVAILABLE)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SuspensionRequest.class)))
    public Uni<SuspensionState> reinstate(@RestPath String sub, String body) {
        Caller caller = Callers.of(token);
        return suspensions.ensureNotSuspended(caller).chain(() -> suspensions.reinstate(validSub(sub), reason(body), caller));
    }

    private static String validSub(String sub) {
        if (sub == null || sub.isBlank() || sub.length() > MAX_SUB || sub.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalidRequest("The account id is not valid.");
        }
        return sub;
    }

    /** The optional body {@code {"reason": "..."}}; read as text so that an empty POST needs no content type. */
    private String reason(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode request;
        try {
            request = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidRequest("The body must be JSON such as {\"reason\": \"...\"}.");
        }
        if (request == null || request.isNull()) {
            return null;
        }
        JsonNode field = request.isObject() ? request.path("reason") : null;
        // strictly text: no number, list or object read as a reason
        if (field == null || !(field.isMissingNode() || field.isNull() || field.isTextual())) {
            throw ProblemException.invalidRequest("The body must be JSON such as {\"reason\": \"...\"}.");
        }
        if (!field.isTextual() || field.asText().isBlank()) {
            return null;
        }
        String reason = field.asText().strip();
        if (reason.length() > config.maxReasonLength() || reason.indexOf('\u0000') >= 0) {
            throw ProblemException.invalidRequest("Field 'reason' must be at most " + config.maxReasonLength() + " characters.");
        }
        return reason;
    }
}
