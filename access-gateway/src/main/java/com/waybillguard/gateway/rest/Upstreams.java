package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.client.InnerServiceLimits;
import com.waybillguard.gateway.client.UpstreamResponse;
import com.waybillguard.gateway.client.UpstreamServerError;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.domain.RetryAfter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.util.Map;

/** Passes inner-service answers through and turns their failures into the gateway's own problems. */
final class Upstreams {

    private static final Logger LOG = Logger.getLogger(Upstreams.class);

    private Upstreams() {
    }

    /** The inner service's status, body, content type (problem+json preserved) and safe headers. */
    static Response passThrough(UpstreamResponse upstream) {
        Response.ResponseBuilder builder = Response.status(upstream.status());
        if (upstream.body().length > 0) {
            builder.entity(upstream.body());
        }
        if (upstream.contentType() != null) {
            builder.type(upstream.contentType());
        }
        upstream.headers().forEach(builder::header);
        if (!upstream.headers().containsKey(HttpHeaders.CACHE_CONTROL)) {
            builder.header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return builder.build();
    }

    /** A dead, failing or slow inner service as a 503/502/504 problem, named but not detailed. */
    static ProblemException failure(Throwable failure, String service) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        if (failure instanceof TimeoutException) {
            LOG.warnf("%s did not answer in time", service);
            return new ProblemException(ProblemType.UPSTREAM_TIMEOUT, service + " did not answer in time.");
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE,
                    service + " is unavailable (circuit open); try again shortly.", Map.of(RetryAfter.HEADER, Long.toString(InnerServiceLimits.BREAKER_DELAY_SECONDS)));
        }
        if (failure instanceof UpstreamServerError error) {
            LOG.warnf("%s answered %d", service, error.status());
            ProblemType type = switch (error.status()) {
                case 503 -> ProblemType.UPSTREAM_UNAVAILABLE;
                case 504 -> ProblemType.UPSTREAM_TIMEOUT;
                default -> ProblemType.UPSTREAM_ERROR;
            };
            return new ProblemException(type, service + " could not complete the request.");
        }
        LOG.warnf("%s unreachable: %s", service, failure.getClass().getSimpleName());
        return new ProblemException(ProblemType.UPSTREAM_UNAVAILABLE, service + " is unavailable; try again shortly.",
                Map.of(RetryAfter.HEADER, Long.toString(RetryAfter.AFTER_FAILED_CALL_SECONDS)));
    }
}
