package com.waybillguard.audit.mapping;

import com.waybillguard.audit.domain.Alert;
import com.waybillguard.audit.domain.AuditAlert;
import com.waybillguard.audit.domain.AuditEvent;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Alerts: from the stored {@code ALERT_RAISED} event to the row, and from the row to the API record. */
public final class AlertMapper {

    /** Prefix of the figures in an event's {@code alert} map. */
    public static final String FIGURE = "figure.";

    private AlertMapper() {
    }

    /** The new, open alert row of a chained (validated) {@code ALERT_RAISED} event. */
    public static AuditAlert fromRaised(AuditEvent event) {
        Map<String, String> alert = event.alert;
        AuditAlert row = new AuditAlert();
        row.id = event.eventId;
        row.eventSeq = event.seq;
        row.source = event.source;
        row.rule = alert.get("rule");
        row.severity = alert.get("severity");
        row.mode = alert.get("mode");
        row.status = AuditAlert.OPEN;
        row.raisedAt = event.occurredAt;
        row.triggeredAt = Instant.parse(alert.get("triggeredAt"));
        row.actorSub = event.actorSub;
        row.actorUsername = event.actorUsername;
        row.actorRole = event.actorRole;
        row.actorOutletId = event.actorOutletId;
        row.actorCourierId = event.actorCourierId;
        row.summary = alert.get("summary");
        row.eventIds = alert.getOrDefault("eventIds", "");
        Map<String, String> figures = new TreeMap<>();
        alert.forEach((key, value) -> {
            if (key.startsWith(FIGURE)) {
                figures.put(key.substring(FIGURE.length()), value);
            }
        });
        row.figures = figures.isEmpty() ? null : figures;
        row.suspended = Boolean.parseBoolean(alert.get("suspended"));
        return row;
    }

    public static Alert toView(AuditAlert a) {
        Alert.Actor actor = a.actorSub == null && a.actorUsername == null && a.actorRole == null
                && a.actorOutletId == null && a.actorCourierId == null
                ? null
                : new Alert.Actor(a.actorSub, a.actorUsername, a.actorRole, a.actorOutletId, a.actorCourierId);
        List<String> ids = a.eventIds == null || a.eventIds.isEmpty() ? List.of() : Arrays.asList(a.eventIds.split(","));
        Map<String, Long> figures = new TreeMap<>();
        if (a.figures != null) {
            a.figures.forEach((name, value) -> figures.put(name, Long.parseLong(value)));
        }
        return new Alert(a.id, a.rule, a.severity, a.mode, a.status, a.raisedAt, actor, a.summary,
                new Alert.Evidence(ids, figures), a.suspended, a.resolvedAt, a.resolvedBy, a.comment);
    }
}
