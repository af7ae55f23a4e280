package com.waybillguard.waybill.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import com.waybillguard.waybill.mapping.AuditEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/** Appends audit events to the Redis stream with a bounded timeout; a failed append fails closed. */
@ApplicationScoped
public class AuditPublisher {

    private static final Logger LOG = Logger.getLogger(AuditPublisher.class);
    static final String EVENT_FIELD = "event";

    private final ReactiveStreamCommands<String, String, String> streams;
    private final ObjectMapper mapper;
    private final String stream;
    private final Duration timeout;
    private final Counter failures;

    AuditPublisher(ReactiveRedisDataSource redis, ObjectMapper mapper, WaybillServiceConfig config,
                   MeterRegistry registry) {
        this.streams = redis.stream(String.class);
        this.mapper = mapper;
        this.stream = config.audit().stream();
        this.timeout = config.audit().appendTimeout();
        this.failures = Counter.builder("wg.audit.append.failures")
                .description("Audit events that could not be appended in time")
                .register(registry);
    }

    /** Appends the event; fails with {@code audit-unavailable} when the sink is slow or down. */
    public Uni<Void> append(AuditEvent event) {
        String json;
        try {
            json = serialize(event);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return streams.xadd(stream, Map.of(EVENT_FIELD, json))
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(failure -> failed(event, failure.getClass().getSimpleName()))
                .replaceWithVoid();
    }

    /** The event as the stream entry's {@value #EVENT_FIELD} field holds it. */
    String serialize(AuditEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.INTERNAL_ERROR, "Audit event could not be written.");
        }
    }

    /** Counts and logs (action and cause only) an event the stream did not take; the request fails closed. */
    ProblemException failed(AuditEvent event, String cause) {
        failures.increment();
        LOG.warnf("audit append failed for action %s (%s)", event.action(), cause);
        return new ProblemException(ProblemType.AUDIT_UNAVAILABLE,
                "The audit log is unavailable, so the request was not carried out.");
    }

    /** The stream the events go to. */
    String stream() {
        return stream;
    }
}
