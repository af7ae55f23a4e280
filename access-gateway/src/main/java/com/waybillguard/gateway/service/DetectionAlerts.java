package com.waybillguard.gateway.service;

import com.waybillguard.gateway.domain.AuditEvent;
import com.waybillguard.gateway.domain.DetectionRule;
import com.waybillguard.gateway.domain.Trip;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events of a tripped rule (docs/internals.md): {@code ALERT_RAISED} with its flat {@code alert} map and,
 * for an enforce-mode trip, {@code ACCOUNT_SUSPENDED}. Summaries carry counts and windows, never personal data.
 */
@ApplicationScoped
public class DetectionAlerts {

    /** Seconds in a minute, to write windows as minutes when they are whole minutes. */
    private static final long MINUTE = Duration.ofMinutes(1).toSeconds();

    private final DetectionSettings settings;

    public DetectionAlerts(DetectionSettings settings) {
        this.settings = settings;
    }

    /** {@code ALERT_RAISED} (eventId = the alert id) built on the triggering request's event. */
    public AuditEvent raised(String alertId, Trip trip, AuditEvent trigger, boolean suspended, Instant triggeredAt) {
        Map<String, String> alert = new LinkedHashMap<>();
        alert.put("rule", trip.rule().name());
        alert.put("severity", settings.rule(trip.rule()).severity().name());
        alert.put("mode", trip.mode().value());
        alert.put("summary", summary(trip));
        alert.put("suspended", Boolean.toString(suspended));
        alert.put("eventIds", trigger.eventId());
        alert.put("triggeredAt", triggeredAt.toString());
        trip.figures().forEach((name, value) -> alert.put("figure." + name, Long.toString(value)));
        return new AuditEvent(alertId, Instant.now().toString(), trigger.source(), "ALERT_RAISED", trigger.actor(),
                trigger.deviceId(), trigger.clientIp(), trigger.waybillNo(), trigger.purpose(), null, null, null,
                summary(trip), null, trigger.traceId(), null, alert);
    }

    /** {@code ACCOUNT_SUSPENDED} by detection: actor and targetSub are the suspended account. */
    public AuditEvent suspended(String alertId, Trip trip, AuditEvent trigger) {
        return new AuditEvent(java.util.UUID.randomUUID().toString(), Instant.now().toString(), trigger.source(),
                "ACCOUNT_SUSPENDED", trigger.actor(), trigger.deviceId(), trigger.clientIp(), null, null, null, null,
                null, reason(trip.rule(), alertId), null, trigger.traceId(), trigger.actor().sub(), null);
    }

    /** The suspension reason, as in the marker: {@code detection: <RULE> (alert <alertId>)}. */
    public static String reason(DetectionRule rule, String alertId) {
        return "detection: " + rule.name() + " (alert " + alertId + ")";
    }

    static String summary(Trip trip) {
        String window = window(trip.figure("windowSeconds"));
        return switch (trip.rule()) {
            case ENUMERATION -> trip.figure("linked") + " near-consecutive waybill numbers in " + window;
            case SHARED_ACCOUNT -> trip.figure("devices") + " devices and " + trip.figure("networks")
                    + " networks on one account in " + window;
            case VOLUME -> trip.figure("grants") + " grants in " + window;
        };
    }

    private static String window(long seconds) {
        return seconds % MINUTE == 0 ? seconds / MINUTE + " min" : seconds + " s";
    }
}
