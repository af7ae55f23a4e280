package com.waybillguard.gateway.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * An audit event as docs/internals.md fixes it (field {@code event} of a stream entry). Identifiers
 * only: no name, phone or address ever enters one. {@code targetSub} (ACCOUNT_SUSPENDED) and {@code alert}
 * (ALERT_RAISED, a flat map of strings) are left out of the JSON when absent.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEvent(String eventId, String occurredAt, String source, String action, Actor actor,
                         String deviceId, String clientIp, String waybillNo, String purpose, String view,
                         Map<String, String> disclosure, String decision, String reason, String grantId,
                         String traceId,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String targetSub,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> alert) {

    /** Who acted. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Actor(String sub, String username, String role, String outletId, String courierId) {
    }
}
