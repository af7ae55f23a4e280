package com.waybillguard.audit.service;

import com.waybillguard.audit.domain.AuditAlert;
import com.waybillguard.audit.domain.AuditEvent;
import com.waybillguard.audit.domain.AuditEventKey;
import com.waybillguard.audit.domain.CanonicalJson;
import com.waybillguard.audit.domain.ChainHash;
import com.waybillguard.audit.domain.ChainHead;
import com.waybillguard.audit.domain.EventRecord;
import com.waybillguard.audit.mapping.AlertMapper;
import com.waybillguard.audit.repository.AlertRepository;
import com.waybillguard.audit.repository.AuditEventKeyRepository;
import com.waybillguard.audit.repository.AuditEventRepository;
import com.waybillguard.audit.repository.ChainHeadRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Appends a batch of events to the chain in one transaction. The chain head row is locked first,
 * so appends from several consumers or replicas are serialized and {@code seq}/{@code prevHash}
 * stay gapless and consistent. Events whose id is already stored (or repeated in the batch) are
 * skipped: ingest is idempotent by {@code eventId}. In the same transaction, every new {@code ALERT_RAISED}
 * event gets its alert row, and every new {@code ALERT_RESOLVED} event resolves its alert if it is still open
 * (the resolve endpoint normally did so already; this makes the row follow the log whatever happened after the
 * event was appended).
 */
@ApplicationScoped
public class ChainAppender {

    private final ChainHeadRepository heads;
    private final AuditEventRepository events;
    private final AuditEventKeyRepository keys;
    private final AlertRepository alerts;

    public ChainAppender(ChainHeadRepository heads, AuditEventRepository events, AuditEventKeyRepository keys,
                         AlertRepository alerts) {
        this.heads = heads;
        this.events = events;
        this.keys = keys;
        this.alerts = alerts;
    }

    /** What one append stored. */
    public record Appended(List<AuditEvent> stored, int duplicates) {
    }

    @WithTransaction
    public Uni<Appended> append(List<EventRecord> batch) {
        Map<UUID, EventRecord> unique = new LinkedHashMap<>();
        for (EventRecord event : batch) {
            unique.putIfAbsent(event.eventId(), event);
        }
        if (unique.isEmpty()) {
            return Uni.createFrom().item(new Appended(List.of(), batch.size()));
        }
        return heads.lockHead()
                .flatMap(head -> keys.existing(unique.keySet())
                        .flatMap(existing -> chain(head, unique, new HashSet<>(existing))))
                .map(stored -> new Appended(stored, batch.size() - stored.size()));
    }

    private Uni<List<AuditEvent>> chain(ChainHead head, Map<UUID, EventRecord> unique, Set<UUID> existing) {
        if (head == null) {
            return Uni.createFrom().failure(new IllegalStateException("chain head row is missing"));
        }
        Instant now = Instant.now();
        long seq = head.seq;
        String prevHash = head.hash;
        List<AuditEvent> rows = new ArrayList<>();
        List<AuditEventKey> ledger = new ArrayList<>();
        for (EventRecord event : unique.values()) {
            if (existing.contains(event.eventId())) {
                continue;
            }
            AuditEvent row = AuditEvent.from(event);
            row.seq = ++seq;
            row.ingestedAt = now;
            row.canonical = CanonicalJson.of(event);
            row.prevHash = prevHash;
            row.hash = ChainHash.next(prevHash, row.canonical);
            prevHash = row.hash;
            rows.add(row);
            AuditEventKey key = new AuditEventKey();
            key.eventId = event.eventId();
            key.seq = row.seq;
            key.occurredAt = event.occurredAt();
            ledger.add(key);
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        head.seq = seq;
        head.hash = prevHash;
        head.updatedAt = now;
        List<AuditAlert> raised = rows.stream()
                .filter(row -> EventParser.ALERT_RAISED.equals(row.action))
                .map(AlertMapper::fromRaised)
                .toList();
        Uni<Void> stored = keys.persist(ledger).flatMap(v -> events.persist(rows));
        if (!raised.isEmpty()) {
            stored = stored.flatMap(v -> alerts.persist(raised));
        }
        Uni<Void> flushed = stored.flatMap(v -> heads.flush());
        for (AuditEvent row : rows) {
            if (EventParser.ALERT_RESOLVED.equals(row.action)) {
                String by = row.actorUsername != null ? row.actorUsername : row.actorSub;
                flushed = flushed.flatMap(v -> alerts.resolveIfOpen(UUID.fromString(row.alert.get("alertId")),
                        row.occurredAt, by, row.reason).replaceWithVoid());
            }
        }
        return flushed.replaceWith(rows);
    }
}
