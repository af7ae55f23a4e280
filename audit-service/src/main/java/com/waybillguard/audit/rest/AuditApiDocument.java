package com.waybillguard.audit.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The OpenAPI document of audit-service ({@code /q/openapi} on the management interface): its title, the
 * bearer security scheme, and the problem responses every operation refers to by name ({@code ref}). It is the
 * JAX-RS {@link Application} (root path {@code /}, every resource), because that is where the OpenAPI scanner
 * reads {@link OpenAPIDefinition}.
 * The problem types are those of docs/api.md, section "Problem types".
 */
@OpenAPIDefinition(
        info = @Info(title = "waybill-guard audit-service", version = "v1",
                description = "The auditors' API: audit log search, chain verification, signed checkpoints, alerts, account suspension. "
                        + "Every operation needs a bearer access token with the auditor role, of an account that is not suspended."),
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = AuditApiDocument.BEARER, type = SecuritySchemeType.HTTP,
                        scheme = "bearer", bearerFormat = "JWT",
                        description = "OIDC access token of the waybill-guard realm, audience wg-gateway"),
                responses = {
                        @APIResponse(name = AuditApiDocument.INVALID_REQUEST, responseCode = "400",
                                description = "invalid-request: a bad query parameter, path segment or body",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AuditApiDocument.UNAUTHORIZED, responseCode = "401",
                                description = "unauthorized: no, or no valid, bearer access token (with WWW-Authenticate: Bearer)",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AuditApiDocument.FORBIDDEN, responseCode = "403",
                                description = "forbidden: the token lacks the auditor role; account-suspended: the caller's account is suspended",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AuditApiDocument.NOT_FOUND, responseCode = "404",
                                description = "not-found: no such resource (an alert id nobody raised)",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AuditApiDocument.ALERT_RESOLVED, responseCode = "409",
                                description = "alert-resolved: the alert is resolved already",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AuditApiDocument.NOT_ACCEPTABLE, responseCode = "406",
                                description = "not-acceptable: the Accept header allows no media type the operation produces",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AuditApiDocument.INTERNAL_ERROR, responseCode = "500",
                                description = "internal-error: a failure that is not the client's",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AuditApiDocument.SERVICE_UNAVAILABLE, responseCode = "503",
                                description = "service-unavailable: PostgreSQL, Redis or the identity provider is unavailable (fail closed)",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
                }))
public class AuditApiDocument extends Application {

    /** Name of the security scheme every operation requires. */
    public static final String BEARER = "bearer";
    /** Component names of the problem responses. */
    public static final String INVALID_REQUEST = "InvalidRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String ALERT_RESOLVED = "AlertResolved";
    public static final String NOT_ACCEPTABLE = "NotAcceptable";
    public static final String INTERNAL_ERROR = "InternalError";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

}
