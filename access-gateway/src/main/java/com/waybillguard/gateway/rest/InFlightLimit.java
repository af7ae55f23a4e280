package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.domain.RetryAfter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Serves at most {@code wg.load.max-in-flight} API requests at once; the others wait in line (at most
 * {@code wg.load.max-queued}) before any of their work or time bounds start. Under a burst, requests are slower,
 * not failed: without the line, every request would start at once, each Redis call and inner-service call would
 * wait behind all the others for the two cores, and their bounds would fire as if Redis or waybill-service were down.
 * A full line is real overload: 503 {@code service-unavailable} with {@code Retry-After}.
 */
@ApplicationScoped
public class InFlightLimit {

    /** Before Quarkus' own handlers of the API paths (authentication, REST). */
    private static final int FIRST = -10_000;

    private final int maxInFlight;
    private final int maxQueued;
    private final Queue<Waiting> line = new ArrayDeque<>();
    private int inFlight;

    public InFlightLimit(GatewayConfig config) {
        this.maxInFlight = config.load().maxInFlight();
        this.maxQueued = config.load().maxQueued();
        if (maxInFlight < 1 || maxQueued < 0) {
            throw new IllegalStateException("wg.load.max-in-flight must be at least 1 and wg.load.max-queued not negative");
        }
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(FIRST).handler(this::admit);
    }

    /** Admit the request now, queue it, or refuse it when the line is full. */
    void admit(RoutingContext request) {
        boolean now;
        synchronized (this) {
            now = inFlight < maxInFlight;
            if (now) {
                inFlight++;
            } else if (line.size() < maxQueued) {
                line.add(new Waiting(request, Vertx.currentContext()));
                return;
            }
        }
        if (now) {
            serve(request);
        } else {
            overloaded(request);
        }
    }

    private void serve(RoutingContext request) {
        request.addEndHandler(ended -> release());
        request.next();
    }

    /**
     * A request ended (answered or its connection closed): its slot passes to the next one waiting. The waiting
     * request is looked at on its own context, and no lock is held while Vert.x code runs (an HTTP/2 response takes
     * its connection's lock; holding ours meanwhile could deadlock two event loops).
     */
    private void release() {
        Waiting next;
        synchronized (this) {
            next = line.poll();
            if (next == null) {
                inFlight--;
                return;
            }
        }
        Waiting admitted = next;
        admitted.context().runOnContext(ignored -> {
            if (admitted.request().response().closed()) {
                release(); // it left while it waited: the slot passes on
            } else {
                serve(admitted.request());
            }
        });
    }

    private static void overloaded(RoutingContext request) {
        ProblemType type = ProblemType.SERVICE_UNAVAILABLE;
        request.response().setStatusCode(type.status())
                .putHeader("Content-Type", "application/problem+json")
                .putHeader(RetryAfter.HEADER, Long.toString(RetryAfter.AFTER_FAILED_CALL_SECONDS))
                .end("{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + type.status()
                        + ",\"detail\":\"The gateway is overloaded; try again shortly.\"}");
    }

    private record Waiting(RoutingContext request, Context context) {
    }
}
