package com.waybillguard.audit.service;

import java.time.Instant;

/** Validated criteria of an event search; null means "any". {@code page} counts from 0. */
public record EventFilter(String actor, String waybillNo, String outletId, String action, String decision,
                          Instant from, Instant to, int page, int size) {
}
