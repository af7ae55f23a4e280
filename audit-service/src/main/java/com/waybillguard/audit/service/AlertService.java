package com.waybillguard.audit.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.config.RedisConfig;
import com.waybillguard.audit.domain.Alert;
import com.waybillguard.audit.domain.AlertPage;
import com.waybillguard.audit.domain.AuditAlert;
import com.waybillguard.audit.domain.Caller;
import com.waybillguard.audit.domain.ProblemException;
import com.waybillguard.audit.domain.ProblemType;
import com.waybillguard.audit.mapping.AlertMapper;
import com.waybillguard.audit.repository.AlertRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The auditors' alerts: a page of them, newest first, and their resolution. Resolving appends
 * {@code ALERT_RESOLVED} to the audit stream <em>before</em> the row changes (fail closed: no append, no
 * resolution), inside a transaction that holds the alert's row lock, so two auditors resolving at once are
 * answered one after the other (the second with {@code alert-resolved}). Resolving does not reinstate.
 */
@ApplicationScoped
public class AlertService {

    /** The action appended when an alert is resolved. */
    public static final String ALERT_RESOLVED = EventParser.ALERT_RESOLVED;

    private static final Logger LOG = Logger.getLogger(AlertService.class);

    private final AlertRepository alerts;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final ObjectMapper mapper;
    private final StreamEntrySigner signer;
    private final Clock clock;
    private final String stream;
    private final Duration timeout;

    public AlertService(AlertRepository alerts, ReactiveRedisDataSource redis, ObjectMapper mapper, Clock clock,
                        StreamEntrySigner signer, AuditConfig audit, RedisConfig redisConfig) {
        this.alerts = alerts;
        this.signer = signer;
        this.streams = redis.stream(String.class);
        this.mapper = mapper;
        this.clock = clock;
        this.stream = audit.stream();
        this.timeout = redisConfig.timeout();
    }

    /** Which alerts to list; every filter optional. */
    public record Filter(String status, String rule, String actor, int page, int size) {
    }

    @WithSession
    public Uni<AlertPage> search(Filter filter) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.status() != null) {
            conditions.add("status = :status");
            params.put("status", filter.status());
        }
        if (filter.rule() != null) {
            conditions.add("rule = :rule");
            params.put("rule", filter.rule());
        }
        if (filter.actor() != null) {
            conditions.add("(actorSub = :actor or actorUsername = :actor)");
            params.put("actor", filter.actor());
        }
        String where = conditions.isEmpty() ? "" : "where " + String.join(" and ", conditions);
        return alerts.search(where, params, filter.page() * filter.size(), filter.size() + 1).map(rows -> {
            boolean hasMore = rows.size() > filter.size();
            List<Alert> items = rows.stream().limit(filter.size()).map(AlertMapper::toView).toList();
            return new AlertPage(items, filter.page(), filter.size(), hasMore);
        });
    }

    /**
     * Resolves an open alert: 404 {@code not-found} for an unknown id, 409 {@code alert-resolved} when it is
     * resolved already, 503 when the stream does not take the {@code ALERT_RESOLVED} event within
     * {@code wg.redis.timeout} (the alert stays open).
     */
    @WithTransaction
    public Uni<Alert> resolve(UUID id, String comment, Caller by) {
        Context context = Vertx.currentContext();
        Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return alerts.findForUpdate(id).flatMap(alert -> {
            if (alert == null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.NOT_FOUND, "There is no alert with this id."));
            }
            if (AuditAlert.RESOLVED.equals(alert.status)) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.ALERT_RESOLVED,
                        "This alert was resolved already; resolving it again changes nothing."));
            }
            Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String eventId = UUID.randomUUID().toString();
            String event = resolvedEvent(eventId, at, alert, comment, by);
            return streams.xadd(stream, signer.entry(event))
                    .ifNoItem().after(timeout).fail()
                    .onFailure().transform(failure -> {
                        LOG.warnf("Redis unavailable for ALERT_RESOLVED (%s)", failure.getClass().getSimpleName());
                        return ProblemException.unavailable("The audit log cannot take the resolution; the alert stays open.");
                    })
                    .emitOn(onContext)
                    .map(streamId -> {
                        alert.status = AuditAlert.RESOLVED;
                        alert.resolvedAt = at;
                        alert.resolvedBy = by.name();
                        alert.comment = comment;
                        LOG.infof("alert %s resolved by %s (event %s)", alert.id, by.name(), eventId);
                        return AlertMapper.toView(alert);
                    });
        });
    }

    private String resolvedEvent(String eventId, Instant at, AuditAlert alert, String comment, Caller by) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alertId", alert.id.toString());
        details.put("rule", alert.rule);
        return OwnEvent.of(eventId, at.toString(), ALERT_RESOLVED)
                .actor(by.sub(), by.username(), SuspensionService.AUDITOR_ROLE, null, null)
                .with("targetSub", alert.actorSub)
                .with("reason", comment)
                .with("alert", details)
                .json(mapper);
    }
}
