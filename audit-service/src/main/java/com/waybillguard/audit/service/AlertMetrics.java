package com.waybillguard.audit.service;

import com.waybillguard.audit.domain.AuditEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Detection metrics, recorded when an {@code ALERT_RAISED} event (from any service) is stored:
 * {@code wg_alerts_raised_total{rule,mode}}, {@code wg_suspensions_total{rule}} (alerts with
 * {@code suspended=true}), and the histogram {@code wg_detection_delay_seconds} = the alert event's
 * {@code occurredAt} − {@code alert.triggeredAt} (how long the decision took after the triggering request).
 */
@ApplicationScoped
public class AlertMetrics {

    private static final Duration SHORTEST = Duration.ofMillis(1);
    private static final Duration LONGEST = Duration.ofHours(1);

    private final MeterRegistry registry;
    private final Timer delay;

    public AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.delay = Timer.builder("wg.detection.delay")
                .description("Alert occurredAt minus the triggering event's time (alert.triggeredAt)")
                .publishPercentileHistogram()
                .minimumExpectedValue(SHORTEST)
                .maximumExpectedValue(LONGEST)
                .register(registry);
    }

    /** Counts one stored {@code ALERT_RAISED} event. */
    void raised(AuditEvent event) {
        Map<String, String> alert = event.alert;
        if (alert == null) {
            return;
        }
        String rule = alert.get("rule");
        Counter.builder("wg.alerts.raised").description("Alerts raised, by rule and mode")
                .tag("rule", rule).tag("mode", alert.get("mode")).register(registry).increment();
        if (Boolean.parseBoolean(alert.get("suspended"))) {
            Counter.builder("wg.suspensions").description("Accounts suspended by a detection rule")
                    .tag("rule", rule).register(registry).increment();
        }
        try {
            Duration taken = Duration.between(Instant.parse(alert.get("triggeredAt")), event.occurredAt);
            delay.record(taken.isNegative() ? Duration.ZERO : taken);
        } catch (DateTimeParseException e) {
            // validated at parse time; nothing to record otherwise
        }
    }
}
