package com.waybillguard.audit.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A stored audit event as auditors see it, with its place in the chain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainedEvent(
        long seq,
        UUID eventId,
        Instant occurredAt,
        Instant ingestedAt,
        String source,
        String action,
        Actor actor,
        String targetSub,
        String deviceId,
        String clientIp,
        String waybillNo,
        String purpose,
        String view,
        Map<String, String> disclosure,
        String decision,
        String reason,
        String grantId,
        String traceId,
        Map<String, String> alert,
        String prevHash,
        String hash) {

    /** Who acted. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Actor(String sub, String username, String role, String outletId, String courierId) {
    }
}
