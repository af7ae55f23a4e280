package com.waybillguard.audit.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A stored, chained audit event. The table's primary key is {@code (seq, occurred_at)} (ready for
 * monthly partitions); {@code seq} alone is unique because appends are serialized.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    @Id
    @Column(name = "seq")
    public Long seq;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "ingested_at", nullable = false)
    public Instant ingestedAt;

    @Column(name = "source", nullable = false)
    public String source;

    @Column(name = "action", nullable = false)
    public String action;

    @Column(name = "actor_sub")
    public String actorSub;

    @Column(name = "actor_username")
    public String actorUsername;

    @Column(name = "actor_role")
    public String actorRole;

    @Column(name = "actor_outlet_id")
    public String actorOutletId;

    @Column(name = "actor_courier_id")
    public String actorCourierId;

    @Column(name = "target_sub")
    public String targetSub;

    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "client_ip")
    public String clientIp;

    @Column(name = "waybill_no")
    public String waybillNo;

    @Column(name = "purpose")
    public String purpose;

    @Column(name = "view")
    public String view;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "disclosure", columnDefinition = "jsonb")
    public Map<String, String> disclosure;

    @Column(name = "decision")
    public String decision;

    /** The alert's details (flat strings), only on ALERT_RAISED and ALERT_RESOLVED. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "alert", columnDefinition = "jsonb")
    public Map<String, String> alert;

    @Column(name = "reason")
    public String reason;

    @Column(name = "grant_id")
    public String grantId;

    @Column(name = "trace_id")
    public String traceId;

    @Column(name = "canonical", nullable = false)
    public String canonical;

    @Column(name = "prev_hash", nullable = false)
    public String prevHash;

    @Column(name = "hash", nullable = false)
    public String hash;

    /** The event as recorded in the columns, for recomputing its canonical form. */
    public EventRecord toRecord() {
        EventRecord.Actor actor = new EventRecord.Actor(actorSub, actorUsername, actorRole, actorOutletId, actorCourierId);
        return new EventRecord(eventId, occurredAt, source, action, actor, targetSub, deviceId, clientIp, waybillNo,
                purpose, view, disclosure, decision, reason, grantId, traceId, alert);
    }

    /** A new, not yet chained row for the event. */
    public static AuditEvent from(EventRecord event) {
        AuditEvent row = new AuditEvent();
        row.eventId = event.eventId();
        row.occurredAt = event.occurredAt();
        row.source = event.source();
        row.action = event.action();
        if (event.actor() != null) {
            row.actorSub = event.actor().sub();
            row.actorUsername = event.actor().username();
            row.actorRole = event.actor().role();
            row.actorOutletId = event.actor().outletId();
            row.actorCourierId = event.actor().courierId();
        }
        row.targetSub = event.targetSub();
        row.deviceId = event.deviceId();
        row.clientIp = event.clientIp();
        row.waybillNo = event.waybillNo();
        row.purpose = event.purpose();
        row.view = event.view();
        row.disclosure = event.disclosure() == null || event.disclosure().isEmpty() ? null : event.disclosure();
        row.decision = event.decision();
        row.reason = event.reason();
        row.grantId = event.grantId();
        row.traceId = event.traceId();
        row.alert = event.alert() == null || event.alert().isEmpty() ? null : event.alert();
        return row;
    }
}
