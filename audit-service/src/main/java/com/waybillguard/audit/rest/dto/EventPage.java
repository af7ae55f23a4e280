package com.waybillguard.audit.rest.dto;

import java.util.List;

/** One page of audit events, newest first. {@code page} counts from 0. */
public record EventPage(List<AuditEventView> items, int page, int size, boolean hasMore) {
}
