package com.waybillguard.waybill.repository;

import com.waybillguard.waybill.domain.AuditOutboxEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The audit outbox of admin writes (used inside the caller's transaction). */
@ApplicationScoped
public class AuditOutboxRepository implements PanacheRepository<AuditOutboxEntry> {

    private static final String OLDEST = "SELECT * FROM audit_outbox ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED";

    /**
     * The oldest {@code limit} entries, locked until the transaction ends; entries another replica holds are skipped
     * ({@code FOR UPDATE SKIP LOCKED}), so two replicas never append the same entry at once.
     */
    public Uni<List<AuditOutboxEntry>> oldestLocked(int limit) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(OLDEST, AuditOutboxEntry.class)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Deletes the entries with these ids. */
    public Uni<Long> deleteAll(List<Long> ids) {
        return delete("id in ?1", ids);
    }
}
