package com.waybillguard.gateway.client;

/**
 * The bounds of every call to an inner service, in one place: the {@code @Timeout} and {@code @CircuitBreaker}
 * annotations of {@link WaybillServiceClient} and {@link AuditServiceClient} and the {@code Retry-After} of the
 * 503 an open breaker causes all read them from here.
 */
public final class InnerServiceLimits {

    /**
     * Default bound of one call, in milliseconds; per client it can be changed with
     * {@code quarkus.fault-tolerance."<client class>/guarded".timeout.value}.
     */
    static final long TIMEOUT_MILLIS = 5000;

    /** Number of recent calls a breaker judges. */
    static final int BREAKER_REQUEST_VOLUME = 10;

    /** Share of failures among those calls that opens the breaker. */
    static final double BREAKER_FAILURE_RATIO = 0.5;

    /** Seconds an open breaker refuses calls before it lets trial calls through; also the {@code Retry-After}. */
    public static final long BREAKER_DELAY_SECONDS = 5;

    /** Successful trial calls that close a half-open breaker. */
    static final int BREAKER_SUCCESS_THRESHOLD = 2;

    private InnerServiceLimits() {
    }
}
