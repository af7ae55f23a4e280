package com.waybillguard.gateway.domain;

/** The {@code Retry-After} header of a 503 (seconds); a 429 computes its own from the quota windows. */
public final class RetryAfter {

    /** Name of the header. */
    public static final String HEADER = "Retry-After";

    /**
     * After one failed or too slow call to a dependency (Redis, the identity provider, an unreachable inner
     * service): the failure was this request's, the next one may well succeed.
     */
    public static final long AFTER_FAILED_CALL_SECONDS = 1;

    private RetryAfter() {
    }
}
