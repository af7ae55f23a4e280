package com.waybillguard.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** Answer of {@code POST /api/v1/grants}. */
public record GrantResponse(
        @Schema(required = true, description = "The grant (compact JWS, ES256): send it as X-Access-Grant, once.")
        String grant,
        @Schema(required = true, examples = "YT1234567890123") String waybillNo,
        @Schema(required = true, examples = "COUNTER_INQUIRY") String purpose,
        @Schema(required = true, description = "When the grant stops verifying.") Instant expiresAt) {
}
