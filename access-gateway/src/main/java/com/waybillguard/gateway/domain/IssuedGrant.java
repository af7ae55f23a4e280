package com.waybillguard.gateway.domain;

import java.time.Instant;

/** A signed grant with the quota state after it was counted. */
public record IssuedGrant(String grant, String grantId, String waybillNo, Purpose purpose, Instant expiresAt,
                          QuotaDecision quota) {
}
