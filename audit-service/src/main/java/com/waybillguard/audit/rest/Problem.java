package com.waybillguard.audit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details, the body of every error answer ({@value #MEDIA_TYPE}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "https://waybill-guard.example/problems/<slug>, see docs/api.md \"Problem types\"",
                example = "https://waybill-guard.example/problems/invalid-request", required = true)
        String type,
        @Schema(description = "fixed title of the type", example = "Invalid request", required = true)
        String title,
        @Schema(description = "the HTTP status", example = "400", required = true)
        int status,
        @Schema(description = "what went wrong with this request; never personal data", example = "Parameter 'size' must be between 1 and 500.")
        String detail,
        @Schema(description = "the request path", example = "/api/v1/audit/events")
        String instance) {

    /** Media type of problem responses. */
    public static final String MEDIA_TYPE = "application/problem+json";
}
