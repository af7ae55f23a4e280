package com.waybillguard.waybill.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details: the body of every error answer (docs/api.md, "Problem types"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details; every error answer of the service")
public record Problem(
        @Schema(description = "https://waybill-guard.example/problems/<slug>, the slug naming what went wrong",
                example = "https://waybill-guard.example/problems/grant-replayed")
        String type,
        @Schema(description = "the slug's fixed title", example = "Access grant already used")
        String title,
        @Schema(description = "the HTTP status", example = "403")
        int status,
        @Schema(description = "what went wrong in this request, never personal data")
        String detail,
        @Schema(description = "not used by this service")
        String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
