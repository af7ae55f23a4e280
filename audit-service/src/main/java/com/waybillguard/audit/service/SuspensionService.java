package com.waybillguard.audit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.config.RedisConfig;
import com.waybillguard.audit.config.SuspensionConfig;
import com.waybillguard.audit.domain.Caller;
import com.waybillguard.audit.domain.ProblemException;
import com.waybillguard.audit.domain.ProblemType;
import com.waybillguard.audit.domain.SuspensionState;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Suspends, reinstates and checks accounts. The suspension key ({@code wg:account:suspended:{sub}}, prefix
 * {@code wg.suspension.key-prefix}; read by every service on every request) and the audit event recording the
 * action are written in one Redis MULTI/EXEC, so neither happens without the other. Every Redis call is bounded
 * by {@code wg.redis.timeout}; Redis away or too slow is {@code service-unavailable} (fail closed).
 */
@ApplicationScoped
public class SuspensionService {

    /** {@code source} of the events this service produces. */
    public static final String SOURCE = "audit-service";
    /** Role recorded for the acting auditor. */
    public static final String AUDITOR_ROLE = "auditor";

    private static final Logger LOG = Logger.getLogger(SuspensionService.class);

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper mapper;
    private final String stream;
    private final String keyPrefix;
    private final Duration timeout;

    public SuspensionService(ReactiveRedisDataSource redis, ObjectMapper mapper, AuditConfig audit, SuspensionConfig suspension,
                             RedisConfig redisConfig) {
        this.redis = redis;
        this.mapper = mapper;
        this.stream = audit.stream();
        this.keyPrefix = suspension.keyPrefix();
        this.timeout = redisConfig.timeout();
    }

    /** Fails with {@code account-suspended} when the caller's own account is suspended. */
    public Uni<Void> ensureNotSuspended(Caller caller) {
        return redis.key().exists(key(caller.sub()))
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(SuspensionService::unavailable)
                .invoke(suspended -> {
                    if (suspended) {
                        throw new ProblemException(ProblemType.ACCOUNT_SUSPENDED, "This account is suspended.");
                    }
                })
                .replaceWithVoid();
    }

    /** Suspends {@code sub}: sets its suspension key and appends {@code ACCOUNT_SUSPENDED}, both or neither. */
    public Uni<SuspensionState> suspend(String sub, String reason, Caller by) {
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        Map<String, String> state = new LinkedHashMap<>();
        state.put("reason", reason);
        state.put("by", by.name());
        state.put("at", at);
        String eventId = UUID.randomUUID().toString();
        String value = json(state);
        String event = json(event(eventId, at, "ACCOUNT_SUSPENDED", sub, reason, by));
        return redis.withTransaction(tx -> tx.value(String.class).set(key(sub), value)
                        .chain(() -> tx.stream(String.class).xadd(stream, Map.of("event", event))))
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(SuspensionService::unavailable)
                .map(result -> {
                    if (result.discarded() || result.hasErrors()) {
                        throw ProblemException.unavailable("The suspension could not be recorded.");
                    }
                    LOG.infof("account suspended by %s (event %s)", by.name(), eventId);
                    return new SuspensionState(sub, true, reason, by.name(), at, eventId);
                });
    }

    /** Lifts the suspension of {@code sub}: deletes its key and appends {@code ACCOUNT_REINSTATED}, both or neither. */
    public Uni<SuspensionState> reinstate(String sub, String reason, Caller by) {
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String eventId = UUID.randomUUID().toString();
        String event = json(event(eventId, at, "ACCOUNT_REINSTATED", sub, reason, by));
        return redis.withTransaction(tx -> tx.key().del(key(sub))
                        .chain(() -> tx.stream(String.class).xadd(stream, Map.of("event", event))))
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(SuspensionService::unavailable)
                .map(result -> {
                    if (result.discarded() || result.hasErrors()) {
                        throw ProblemException.unavailable("The reinstatement could not be recorded.");
                    }
                    LOG.infof("account reinstated by %s (event %s)", by.name(), eventId);
                    return new SuspensionState(sub, false, reason, by.name(), at, eventId);
                });
    }

    private String key(String sub) {
        return keyPrefix + sub;
    }

    private static Map<String, Object> event(String eventId, String at, String action, String targetSub, String reason,
                                             Caller by) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("sub", by.sub());
        actor.put("username", by.username());
        actor.put("role", AUDITOR_ROLE);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", eventId);
        event.put("occurredAt", at);
        event.put("source", SOURCE);
        event.put("action", action);
        event.put("actor", actor);
        event.put("targetSub", targetSub);
        event.put("decision", "ALLOW");
        event.put("reason", reason);
        return event;
    }

    private String json(Map<String, ?> value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }

    private static Throwable unavailable(Throwable failure) {
        if (failure instanceof ProblemException) {
            return failure;
        }
        LOG.warnf("Redis unavailable for an account action (%s)", failure.getClass().getSimpleName());
        return ProblemException.unavailable("The account store is unavailable; try again.");
    }
}
