package com.waybillguard.audit.domain;

import java.util.List;

/** One page of alerts, newest first; {@code page} counts from 0. */
public record AlertPage(List<Alert> items, int page, int size, boolean hasMore) {
}
