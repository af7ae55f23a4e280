package com.waybillguard.gateway.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** Body of {@code PUT /api/v1/admin/quotas/accounts/{sub}}; the ceilings are configuration ({@code wg.quota.override-max.*}). */
public record QuotaOverrideRequest(
        @NotNull(message = "is required") @PositiveOrZero(message = "must not be negative") Long perMinute,
        @NotNull(message = "is required") @PositiveOrZero(message = "must not be negative") Long perHour,
        @NotNull(message = "is required") @PositiveOrZero(message = "must not be negative") Long perDay) {
}
