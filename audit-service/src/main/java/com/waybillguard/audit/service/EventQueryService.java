package com.waybillguard.audit.service;

import com.waybillguard.audit.domain.AuditEvent;
import com.waybillguard.audit.mapping.EventMapper;
import com.waybillguard.audit.repository.AuditEventRepository;
import com.waybillguard.audit.domain.ChainedEvent;
import com.waybillguard.audit.domain.EventPage;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Searches the audit log, newest first. Reads one row more than the page to answer
 * {@code hasMore} without a COUNT over the whole log.
 */
@ApplicationScoped
public class EventQueryService {

    private final AuditEventRepository events;

    public EventQueryService(AuditEventRepository events) {
        this.events = events;
    }

    @WithSession
    public Uni<EventPage> search(EventFilter filter) {
        // field (HQL) and column (native SQL) of each optional filter, always compared to a bound parameter
        List<String> conditions = new ArrayList<>();
        List<String> columnConditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        condition(conditions, columnConditions, params, "waybillNo", "waybill_no", "waybillNo", "=", filter.waybillNo());
        condition(conditions, columnConditions, params, "actorOutletId", "actor_outlet_id", "outletId", "=", filter.outletId());
        condition(conditions, columnConditions, params, "action", "action", "action", "=", filter.action());
        condition(conditions, columnConditions, params, "decision", "decision", "decision", "=", filter.decision());
        condition(conditions, columnConditions, params, "occurredAt", "occurred_at", "from", ">=", filter.from());
        condition(conditions, columnConditions, params, "occurredAt", "occurred_at", "to", "<", filter.to());
        if (filter.cursorOccurredAt() != null) {
            // keyset: strictly after the cursor event in (occurredAt desc, seq desc) order
            conditions.add("occurredAt <= :cursorAt and (occurredAt < :cursorAt or seq < :cursorSeq)");
            columnConditions.add("occurred_at <= :cursorAt AND (occurred_at < :cursorAt OR seq < :cursorSeq)");
            params.put("cursorAt", filter.cursorOccurredAt());
            params.put("cursorSeq", filter.cursorSeq());
        }
        int offset = filter.page() * filter.size();
        Uni<List<AuditEvent>> found;
        if (filter.actor() != null) {
            // sub OR username as two index-ordered scans that stop early (UNION ALL), not a bitmap OR + sort
            found = events.searchByActor(filter.actor(), String.join(" AND ", columnConditions), params, offset, filter.size() + 1);
        } else {
            found = events.search(String.join(" and ", conditions), params, offset, filter.size() + 1);
        }
        return found.map(rows -> {
            boolean hasMore = rows.size() > filter.size();
            List<ChainedEvent> items = rows.stream().limit(filter.size()).map(EventMapper::toView).toList();
            String nextCursor = hasMore ? cursor(items.get(items.size() - 1)) : null;
            return new EventPage(items, filter.page(), filter.size(), hasMore, nextCursor);
        });
    }

    /** The cursor continuing after {@code last}: {@code <occurredAt ISO-8601>_<seq>}. */
    public static String cursor(ChainedEvent last) {
        return last.occurredAt() + "_" + last.seq();
    }

    private static void condition(List<String> conditions, List<String> columnConditions, Map<String, Object> params,
                                  String field, String column, String name, String operator, Object value) {
        if (value != null) {
            conditions.add(field + " " + operator + " :" + name);
            columnConditions.add(column + " " + operator + " :" + name);
            params.put(name, value);
        }
    }
}
