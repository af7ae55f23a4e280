package com.waybillguard.audit.domain;

import java.util.List;

/**
 * One page of audit events, newest first. {@code page} counts from 0; {@code nextCursor}, present
 * when {@code hasMore}, fetches the next page by keyset ({@code cursor=}), which stays fast at depth.
 */
public record EventPage(List<ChainedEvent> items, int page, int size, boolean hasMore, String nextCursor) {
}
