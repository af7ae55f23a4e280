package com.waybillguard.audit.repository;

import com.waybillguard.audit.domain.AuditAlert;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Stored alerts. */
@ApplicationScoped
@WithSession
public class AlertRepository implements PanacheRepositoryBase<AuditAlert, UUID> {

    /** A page of alerts matching {@code where} (HQL over fields, bound parameters), newest first. */
    public Uni<List<AuditAlert>> search(String where, Map<String, Object> params, int offset, int limit) {
        String query = (where.isEmpty() ? "" : where + " ") + "order by raisedAt desc, eventSeq desc";
        return find(query, params).range(offset, offset + limit - 1).list();
    }

    /** The alert, its row locked until the transaction ends (so two resolutions run one after the other). */
    public Uni<AuditAlert> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Marks an open alert resolved (an ALERT_RESOLVED event seen at ingest); a resolved one is left as it is. */
    public Uni<Integer> resolveIfOpen(UUID id, Instant at, String by, String comment) {
        return update("status = ?1, resolvedAt = ?2, resolvedBy = ?3, comment = ?4 where id = ?5 and status = ?6",
                AuditAlert.RESOLVED, at, by, comment, id, AuditAlert.OPEN);
    }
}
