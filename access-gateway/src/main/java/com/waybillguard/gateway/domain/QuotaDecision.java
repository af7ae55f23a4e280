package com.waybillguard.gateway.domain;

import java.util.Comparator;
import java.util.List;

/** Outcome of a check-and-consume over every window of an account. */
public record QuotaDecision(boolean allowed, List<QuotaWindow> windows) {

    /** The window with the least remaining (the one the RateLimit headers report). */
    public QuotaWindow tightest() {
        return windows.stream()
                .min(Comparator.comparingLong(QuotaWindow::remaining)
                        .thenComparing(Comparator.comparingLong(QuotaWindow::resetSeconds).reversed()))
                .orElseThrow();
    }

    /** Seconds until every exhausted window admits one more grant (at least 1). */
    public long retryAfterSeconds() {
        return Math.max(1, windows.stream().filter(w -> w.remaining() <= 0)
                .mapToLong(QuotaWindow::resetSeconds).max().orElse(1));
    }
}
