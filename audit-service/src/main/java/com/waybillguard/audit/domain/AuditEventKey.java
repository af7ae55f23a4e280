package com.waybillguard.audit.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The idempotency ledger: an event id is stored at most once, whatever partition its row is in. */
@Entity
@Table(name = "audit_event_key")
public class AuditEventKey {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "seq", nullable = false)
    public Long seq;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
}
