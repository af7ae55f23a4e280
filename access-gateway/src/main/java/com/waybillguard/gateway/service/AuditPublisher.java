package com.waybillguard.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.AuditEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.transactions.TransactionResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Appends audit events to the Redis stream with a bounded timeout; a failure fails closed (503). */
@ApplicationScoped
public class AuditPublisher {

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;
    private final ObjectMapper json;

    public AuditPublisher(ReactiveRedisDataSource redis, GatewayConfig config, ObjectMapper json) {
        this.redis = redis;
        this.config = config;
        this.json = json;
    }

    /** The stream entry's {@code event} field for an event (also what {@link GrantAdmission} appends itself). */
    public String json(AuditEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit event not serialisable", e);
        }
    }

    public Uni<Void> append(AuditEvent event) {
        String body = json(event);
        return RedisCalls.bounded(
                redis.stream(String.class).xadd(config.audit().stream(), Map.of("event", body)),
                config.audit().appendTimeout(), "audit append").replaceWithVoid();
    }

    /**
     * Appends several events in their order in one {@code MULTI}/{@code EXEC}: all of them or none, bounded like one
     * append; a failure fails closed (503).
     */
    public Uni<Void> appendAll(List<AuditEvent> events) {
        if (events.size() == 1) {
            return append(events.get(0));
        }
        List<String> bodies = new ArrayList<>();
        for (AuditEvent event : events) {
            bodies.add(json(event));
        }
        Uni<TransactionResult> transaction = redis.withTransaction(tx -> {
            Uni<Void> queued = Uni.createFrom().voidItem();
            for (String body : bodies) {
                queued = queued.chain(() -> tx.stream(String.class).xadd(config.audit().stream(), Map.of("event", body)));
            }
            return queued;
        });
        return RedisCalls.bounded(transaction.invoke(result -> {
            if (result.discarded() || result.size() != bodies.size()) {
                throw new IllegalStateException("audit transaction discarded");
            }
        }), config.audit().appendTimeout(), "audit append").replaceWithVoid();
    }
}
