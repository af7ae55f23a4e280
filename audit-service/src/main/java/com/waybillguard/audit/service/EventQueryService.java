package com.waybillguard.audit.service;

import com.waybillguard.audit.mapping.EventMapper;
import com.waybillguard.audit.repository.AuditEventRepository;
import com.waybillguard.audit.rest.dto.AuditEventView;
import com.waybillguard.audit.rest.dto.EventPage;
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
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.actor() != null) {
            conditions.add("(actorSub = :actor or actorUsername = :actor)");
            params.put("actor", filter.actor());
        }
        condition(conditions, params, "waybillNo", "waybillNo", "=", filter.waybillNo());
        condition(conditions, params, "actorOutletId", "outletId", "=", filter.outletId());
        condition(conditions, params, "action", "action", "=", filter.action());
        condition(conditions, params, "decision", "decision", "=", filter.decision());
        condition(conditions, params, "occurredAt", "from", ">=", filter.from());
        condition(conditions, params, "occurredAt", "to", "<", filter.to());
        if (filter.cursorOccurredAt() != null) {
            // keyset: strictly after the cursor event in (occurredAt desc, seq desc) order
            conditions.add("occurredAt <= :cursorAt and (occurredAt < :cursorAt or seq < :cursorSeq)");
            params.put("cursorAt", filter.cursorOccurredAt());
            params.put("cursorSeq", filter.cursorSeq());
        }
        String where = String.join(" and ", conditions);
        int offset = filter.page() * filter.size();
        return events.search(where, params, offset, filter.size() + 1).map(rows -> {
            boolean hasMore = rows.size() > filter.size();
            List<AuditEventView> items = rows.stream().limit(filter.size()).map(EventMapper::toView).toList();
            String nextCursor = hasMore ? cursor(items.get(items.size() - 1)) : null;
            return new EventPage(items, filter.page(), filter.size(), hasMore, nextCursor);
        });
    }

    /** The cursor continuing after {@code last}: {@code <occurredAt ISO-8601>_<seq>}. */
    public static String cursor(AuditEventView last) {
        return last.occurredAt() + "_" + last.seq();
    }

    private static void condition(List<String> conditions, Map<String, Object> params, String field, String name,
                                  String operator, Object value) {
        if (value != null) {
            conditions.add(field + " " + operator + " :" + name);
            params.put(name, value);
        }
    }
}
