package com.waybillguard.waybill.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import com.waybillguard.waybill.mapping.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The HONEYTOKEN rule: any read of a canary waybill by a caller whose grant is valid and its own (even one the
 * field policy refuses) raises a CRITICAL alert and, in {@code enforce} mode ({@code wg.detection.honeytoken.mode},
 * the default), suspends the reader. What it builds is written by {@link GrantRedemption} in the same Redis call
 * as the read's own event, so the answer to the reader is the same as for any other waybill.
 */
@ApplicationScoped
public class HoneytokenRule {

    static final String RULE = "HONEYTOKEN";
    static final String SEVERITY = "CRITICAL";
    static final String ACTION_ALERT = "ALERT_RAISED";
    static final String ACTION_SUSPENDED = "ACCOUNT_SUSPENDED";
    /** The alert's summary: no personal data (the waybill number is the event's own field). */
    static final String SUMMARY = "read of a honeytoken waybill";

    private final ObjectMapper mapper;
    private final WaybillServiceConfig.Detection.Mode mode;
    private final String source;

    HoneytokenRule(ObjectMapper mapper, WaybillServiceConfig config) {
        this.mapper = mapper;
        this.mode = config.detection().honeytoken().mode();
        this.source = config.audit().source();
    }

    /**
     * What a read of a canary trips.
     *
     * @param alert     the {@code ALERT_RAISED} event
     * @param suspended the {@code ACCOUNT_SUSPENDED} event, {@code null} in shadow mode
     * @param marker    the suspension marker's value, {@code null} in shadow mode
     */
    public record Trip(String mode, AuditEvent alert, AuditEvent suspended, String marker) {
    }

    /** The alert (and in enforce mode the suspension) for the canary read whose audit event is {@code read}. */
    public Trip trip(AuditEvent read) {
        boolean enforce = mode == WaybillServiceConfig.Detection.Mode.ENFORCE;
        String alertId = UUID.randomUUID().toString();
        String now = Instant.now().toString();
        String reason = "detection: " + RULE + " (alert " + alertId + ")";
        String modeName = mode.name().toLowerCase(Locale.ROOT);

        Map<String, String> alert = new LinkedHashMap<>();
        alert.put("rule", RULE);
        alert.put("severity", SEVERITY);
        alert.put("mode", modeName);
        alert.put("summary", SUMMARY);
        alert.put("suspended", Boolean.toString(enforce));
        alert.put("eventIds", read.eventId());
        alert.put("triggeredAt", read.occurredAt());
        alert.put("figure.reads", "1");
        AuditEvent raised = new AuditEvent(alertId, now, source, ACTION_ALERT, read.actor(), read.deviceId(),
                read.clientIp(), read.waybillNo(), read.purpose(), null, null, null, SUMMARY, null, read.traceId(),
                null, Collections.unmodifiableMap(alert));
        if (!enforce) {
            return new Trip(modeName, raised, null, null);
        }
        AuditEvent suspended = new AuditEvent(UUID.randomUUID().toString(), now, source, ACTION_SUSPENDED,
                read.actor(), read.deviceId(), read.clientIp(), null, null, null, null, null, reason, null,
                read.traceId(), read.actor().sub(), null);
        return new Trip(modeName, raised, suspended, marker(reason, now));
    }

    private String marker(String reason, String at) {
        Map<String, String> value = new LinkedHashMap<>();
        value.put("reason", reason);
        value.put("by", "detection:" + source);
        value.put("at", at);
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.INTERNAL_ERROR, "The suspension could not be written.");
        }
    }
}
