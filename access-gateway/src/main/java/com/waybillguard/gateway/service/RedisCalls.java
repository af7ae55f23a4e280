package com.waybillguard.gateway.service;

import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.domain.RetryAfter;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/** Bounds a Redis call in time and turns any failure into a fail-closed 503 problem. */
final class RedisCalls {

    private static final Logger LOG = Logger.getLogger(RedisCalls.class);

    private RedisCalls() {
    }

    static <T> Uni<T> bounded(Uni<T> call, Duration timeout, String what) {
        return call.ifNoItem().after(timeout).fail()
                .onFailure(f -> !(f instanceof ProblemException)).transform(f -> {
                    LOG.warnf("redis %s failed: %s", what, f.getClass().getSimpleName());
                    return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                            "A required store did not answer in time; nothing was granted. Try again shortly.",
                            Map.of(RetryAfter.HEADER, Long.toString(RetryAfter.AFTER_FAILED_CALL_SECONDS)), f);
                });
    }

    /** The fail-closed 503 problem of a store that answered, but not as durably as required ({@code detail}). */
    static ProblemException unavailable(String detail) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, detail,
                Map.of(RetryAfter.HEADER, Long.toString(RetryAfter.AFTER_FAILED_CALL_SECONDS)));
    }
}
