package com.waybillguard.waybill.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The audit event of docs/internals.md. Never carries a personal data value: identifiers, the
 * view and the disclosure (field → disposition) only.
 *
 * @param decision  {@code ALLOW} or {@code DENY}; absent on alerts and suspensions
 * @param targetSub the account suspended, only on {@code ACCOUNT_SUSPENDED}
 * @param alert     the alert as a flat map of strings, only on {@code ALERT_RAISED}
 */
public record AuditEvent(String eventId, String occurredAt, String source, String action, Actor actor,
                         String deviceId, String clientIp, String waybillNo, String purpose, String view,
                         Map<String, String> disclosure,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String decision,
                         String reason, String grantId, String traceId,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String targetSub,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> alert) {

    /** Who acted. */
    public record Actor(String sub, String username, String role, String outletId, String courierId) {
    }
}
