package com.waybillguard.audit.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A signed statement of the chain head at a point in time. */
@Entity
@Table(name = "audit_checkpoint")
public class Checkpoint {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "seq", nullable = false)
    public Long seq;

    @Column(name = "hash", nullable = false)
    public String hash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(name = "algorithm", nullable = false)
    public String algorithm;

    @Column(name = "signature", nullable = false)
    public String signature;
}
