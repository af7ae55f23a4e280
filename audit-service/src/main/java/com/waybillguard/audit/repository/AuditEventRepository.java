package com.waybillguard.audit.repository;

import com.waybillguard.audit.domain.AuditEvent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/** Stored audit events. */
@ApplicationScoped
@WithSession
public class AuditEventRepository implements PanacheRepositoryBase<AuditEvent, Long> {

    /** A page of events matching {@code where}, newest first; {@code limit} rows from {@code offset}. */
    public Uni<List<AuditEvent>> search(String where, Map<String, Object> params, int offset, int limit) {
        String query = (where.isEmpty() ? "" : where + " ") + "order by occurredAt desc, seq desc";
        return find(query, params).range(offset, offset + limit - 1).list();
    }

    /** Events with {@code fromSeq <= seq <= toSeq}, in chain order, at most {@code limit}. */
    public Uni<List<AuditEvent>> chainSlice(long fromSeq, long toSeq, int limit) {
        return find("seq >= ?1 and seq <= ?2 order by seq", fromSeq, toSeq).range(0, limit - 1).list();
    }

    /** The stored hash of one event, or null when there is none. */
    public Uni<String> hashAt(long seq) {
        return find("seq", seq).firstResult().map(e -> e == null ? null : e.hash);
    }
}
