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
 * A stored alert: one row per ingested {@code ALERT_RAISED} event (its {@code id} is the event's id), created in
 * the ingest transaction that chains the event. {@code status} is {@code OPEN} until an auditor resolves it.
 */
@Entity
@Table(name = "audit_alert")
public class AuditAlert {

    /** Status of an alert nobody has resolved yet. */
    public static final String OPEN = "OPEN";
    /** Status of a resolved alert. */
    public static final String RESOLVED = "RESOLVED";

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "event_seq", nullable = false)
    public Long eventSeq;

    @Column(name = "source", nullable = false)
    public String source;

    @Column(name = "rule", nullable = false)
    public String rule;

    @Column(name = "severity", nullable = false)
    public String severity;

    @Column(name = "mode", nullable = false)
    public String mode;

    @Column(name = "status", nullable = false)
    public String status;

    @Column(name = "raised_at", nullable = false)
    public Instant raisedAt;

    @Column(name = "triggered_at", nullable = false)
    public Instant triggeredAt;

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

    @Column(name = "summary", nullable = false)
    public String summary;

    /** Comma-separated ids of the evidence events, as in the event's {@code alert.eventIds}; may be empty. */
    @Column(name = "event_ids", nullable = false)
    public String eventIds;

    /** {@code figure.<name>} of the event without the prefix: name to integer (as text). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "figures", columnDefinition = "jsonb")
    public Map<String, String> figures;

    @Column(name = "suspended", nullable = false)
    public boolean suspended;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "comment")
    public String comment;
}
