package com.waybillguard.gateway.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** Body of {@code PUT /api/v1/admin/quotas/accounts/{sub}}. */
public record QuotaOverrideRequest(
        @NotNull(message = "is required") @PositiveOrZero(message = "must not be negative")
        @Max(value = 1_000_000, message = "must be at most {value}") Long perMinute,
        @NotNull(message = "is required") @PositiveOrZero(message = "must not be negative")
        @Max(value = 1_000_000, message = "must be at most {value}") Long perHour,
        @NotNull(message = "is required") @PositiveOrZero(message = "must not be negative")
        @Max(value = 10_000_000, message = "must be at most {value}") Long perDay) {
}
