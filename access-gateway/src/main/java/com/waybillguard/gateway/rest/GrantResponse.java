package com.waybillguard.gateway.rest;

import java.time.Instant;

/** Answer of {@code POST /api/v1/grants}. */
public record GrantResponse(String grant, String waybillNo, String purpose, Instant expiresAt) {
}
