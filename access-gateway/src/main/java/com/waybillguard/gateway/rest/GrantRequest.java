package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.domain.Identifiers;
import com.waybillguard.gateway.domain.Purpose;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /api/v1/grants}. */
public record GrantRequest(
        @Schema(required = true, pattern = Identifiers.WAYBILL_NO, examples = "YT1234567890123",
                description = "The waybill to read: " + Identifiers.WAYBILL_NO_RULE + ".")
        @NotNull(message = "is required")
        @Pattern(regexp = Identifiers.WAYBILL_NO, message = "must be " + Identifiers.WAYBILL_NO_RULE)
        String waybillNo,
        @Schema(required = true, enumeration = {"COUNTER_ACCEPT", "COUNTER_INQUIRY", "PICKUP", "DELIVERY",
                "CUSTOMER_SERVICE"}, description = "Why the waybill is read; each role may ask for some purposes only.")
        @NotNull(message = "is required")
        @Pattern(regexp = Purpose.PATTERN,
                message = "must be one of COUNTER_ACCEPT, COUNTER_INQUIRY, PICKUP, DELIVERY, CUSTOMER_SERVICE")
        String purpose) {
}
