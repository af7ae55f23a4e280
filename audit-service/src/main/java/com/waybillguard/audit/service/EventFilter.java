package com.waybillguard.audit.service;

import java.time.Instant;

/**
 * Validated criteria of an event search; null means "any". {@code page} counts from 0. A cursor
 * ({@code cursorOccurredAt}, {@code cursorSeq}: the last event of the previous page) continues after
 * that event in the newest-first order (keyset paging, as fast at any depth); {@code page} is then 0.
 */
public record EventFilter(String actor, String waybillNo, String outletId, String action, String decision,
                          Instant from, Instant to, int page, int size, Instant cursorOccurredAt, Long cursorSeq) {

    /** The same criteria for the given actor (timeline). */
    public EventFilter withActor(String value) {
        return new EventFilter(value, waybillNo, outletId, action, decision, from, to, page, size, cursorOccurredAt, cursorSeq);
    }

    /** The same criteria for the given waybill (history). */
    public EventFilter withWaybillNo(String value) {
        return new EventFilter(actor, value, outletId, action, decision, from, to, page, size, cursorOccurredAt, cursorSeq);
    }
}
