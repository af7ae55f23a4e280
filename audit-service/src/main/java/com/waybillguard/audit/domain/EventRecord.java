package com.waybillguard.audit.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One audit event as it enters the chain: validated, with {@code occurredAt} truncated to
 * microseconds (the precision PostgreSQL keeps), so that the canonical form computed at ingest
 * can be recomputed later from the stored columns. {@code alert} (a flat map of strings) is present only on
 * {@code ALERT_RAISED} and {@code ALERT_RESOLVED}.
 */
public record EventRecord(
        UUID eventId,
        Instant occurredAt,
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
        Map<String, String> alert) {

    /** Who acted. Every field may be absent. */
    public record Actor(String sub, String username, String role, String outletId, String courierId) {
    }
}
