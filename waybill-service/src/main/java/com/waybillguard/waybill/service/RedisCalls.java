package com.waybillguard.waybill.service;

import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import io.smallrye.mutiny.Uni;

import java.time.Duration;

/** One Redis command of a request, bounded by {@code wg.redis.timeout}: a slow or failed Redis fails closed. */
final class RedisCalls {

    private RedisCalls() {
    }

    /** The command's answer, or {@code service-unavailable} when it fails or does not answer in time. */
    static <T> Uni<T> bounded(Uni<T> command, Duration timeout) {
        return command
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(failure -> failure instanceof ProblemException ? failure
                        : new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                                "Access checks are unavailable; try again shortly."));
    }
}
