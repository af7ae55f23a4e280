package com.waybillguard.waybill.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An audit event of an admin write, stored with the write and waiting to be appended to the audit stream. */
@Entity
@Table(name = "audit_outbox")
public class AuditOutboxEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    /** The event's JSON, as the stream entry will carry it. */
    @Column(name = "event", nullable = false)
    public String event;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
