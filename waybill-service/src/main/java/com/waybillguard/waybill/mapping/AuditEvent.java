package com.waybillguard.waybill.mapping;

import java.util.Map;

/**
 * The audit event of docs/internals.md. Never carries a personal data value: identifiers, the
 * view and the disclosure (field → disposition) only.
 */
public record AuditEvent(String eventId, String occurredAt, String source, String action, Actor actor,
                         String deviceId, String clientIp, String waybillNo, String purpose, String view,
                         Map<String, String> disclosure, String decision, String reason, String grantId,
                         String traceId) {

    /** Who acted. */
    public record Actor(String sub, String username, String role, String outletId, String courierId) {
    }
}
