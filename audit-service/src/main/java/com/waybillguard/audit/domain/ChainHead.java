package com.waybillguard.audit.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The single row holding the last chained event; locked by every append. */
@Entity
@Table(name = "audit_chain_head")
public class ChainHead {

    /** The one row's id. */
    public static final short ID = 1;

    @Id
    @Column(name = "id")
    public Short id;

    @Column(name = "seq", nullable = false)
    public Long seq;

    @Column(name = "hash", nullable = false)
    public String hash;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
