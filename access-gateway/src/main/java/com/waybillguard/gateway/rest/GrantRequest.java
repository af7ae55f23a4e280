package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.domain.Identifiers;
import com.waybillguard.gateway.domain.Purpose;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code POST /api/v1/grants}. */
public record GrantRequest(
        @NotNull(message = "is required")
        @Pattern(regexp = Identifiers.WAYBILL_NO, message = "must be " + Identifiers.WAYBILL_NO_RULE)
        String waybillNo,
        @NotNull(message = "is required")
        @Pattern(regexp = Purpose.PATTERN,
                message = "must be one of COUNTER_ACCEPT, COUNTER_INQUIRY, PICKUP, DELIVERY, CUSTOMER_SERVICE")
        String purpose) {
}
