package com.waybillguard.waybill.service;

import java.time.Instant;

/** The claims of a grant whose signature, issuer, audience and lifetime were verified. */
public record VerifiedGrant(String jti, String sub, Instant expiresAt, String waybillNo, String purpose,
                            String role, String outletId, String courierId, String username,
                            String deviceHash) {
}
