package com.waybillguard.gateway.domain;

import java.util.List;
import java.util.Optional;

/**
 * What the admission script decided for one grant request, in one round trip: whether the account is suspended,
 * the quota windows, and the detection rules the request tripped. {@code enforced} is the enforce-mode trip that
 * refused the grant and suspended the account; {@code alerts} are shadow-mode trips to report (at most one per
 * account, rule and window) with a grant that was issued.
 */
public record Admission(Outcome outcome, QuotaDecision quota, Optional<Trip> enforced, List<Trip> alerts) {

    public enum Outcome {
        /** Quota consumed: sign the grant (and report {@link #alerts()}). */
        GRANTED,
        /** A quota window is exhausted; nothing consumed. */
        QUOTA_EXCEEDED,
        /** The account was already suspended; nothing consumed. */
        SUSPENDED,
        /** An enforce-mode rule tripped: the account is now suspended, nothing consumed. */
        TRIPPED
    }

    public Admission {
        alerts = List.copyOf(alerts);
    }
}
