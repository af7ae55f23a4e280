package com.waybillguard.audit.repository;

import com.waybillguard.audit.domain.AuditEventKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The idempotency ledger. */
@ApplicationScoped
@WithSession
public class AuditEventKeyRepository implements PanacheRepositoryBase<AuditEventKey, UUID> {

    /** Which of these event ids are already stored. */
    public Uni<List<UUID>> existing(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("eventId in ?1", eventIds).map(keys -> keys.stream().map(key -> key.eventId).toList());
    }
}
