package com.waybillguard.audit.repository;

import com.waybillguard.audit.domain.AuditEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
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

    /**
     * A page of one actor's events (sub <b>or</b> username) matching {@code otherConditions} (native SQL
     * over columns, parameters bound by name), newest first; {@code limit} rows from {@code offset}.
     * Each branch is an ordered scan of its own index ({@code (actor_sub|actor_username, occurred_at
     * DESC, seq DESC)}) that stops after {@code offset + limit} rows; the second branch leaves out the
     * rows the first already has (sub equal to the actor), so a row matching both comes once.
     */
    public Uni<List<AuditEvent>> searchByActor(String actor, String otherConditions, Map<String, Object> params,
                                               int offset, int limit) {
        String extra = otherConditions.isEmpty() ? "" : " AND " + otherConditions;
        String order = " ORDER BY occurred_at DESC, seq DESC";
        String sql = "SELECT * FROM ("
                + "(SELECT * FROM audit_event WHERE actor_sub = :actor" + extra + order + " LIMIT :branchLimit)"
                + " UNION ALL "
                + "(SELECT * FROM audit_event WHERE actor_username = :actor AND actor_sub IS DISTINCT FROM :actor"
                + extra + order + " LIMIT :branchLimit)"
                + ") AS e" + order + " LIMIT :pageLimit OFFSET :pageOffset";
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, AuditEvent.class);
            query.setParameter("actor", actor);
            params.forEach(query::setParameter);
            query.setParameter("branchLimit", (long) offset + limit);
            query.setParameter("pageLimit", (long) limit);
            query.setParameter("pageOffset", (long) offset);
            return query.getResultList();
        });
    }

    /** Events with {@code fromSeq <= seq <= toSeq}, in chain order, at most {@code limit}. */
    public Uni<List<AuditEvent>> chainSlice(long fromSeq, long toSeq, int limit) {
        return find("seq >= ?1 and seq <= ?2 order by seq", fromSeq, toSeq).range(0, limit - 1).list();
    }

    /** The stored hash of one event, or null when there is none. */
    public Uni<String> hashAt(long seq) {
        return find("seq", seq).firstResult().map(e -> e == null ? null : e.hash);
    }

    /** The highest stored seq, 0 when none is stored. */
    public Uni<Long> maxSeq() {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery("SELECT coalesce(max(seq), 0) FROM audit_event", Long.class)
                        .getSingleResult());
    }
}
