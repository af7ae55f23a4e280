package com.waybillguard.audit.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.config.RedisConfig;
import com.waybillguard.audit.config.SuspensionConfig;
import com.waybillguard.audit.domain.EventRecord;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The streaming rules of audit-service (SCOPE_PROBING, OFF_HOURS, VOLUME sustained), fed by the ingest loop with
 * each batch right after it is committed, before the batch is acknowledged: a failure leaves the batch pending and
 * it is fed again (recording is idempotent by event id, so nothing counts twice).
 *
 * <p>State is in Redis, per account and rule: a sorted set {@code {wg}:detect:<sub>:<rule>:reads} of event ids scored
 * by the event's {@code occurredAt} (epoch ms), so every replica counts the same, a restart loses nothing, and
 * replayed events land where they belong in time; its TTL is the window + 60 s. The reads of a batch are taken in
 * {@code occurredAt} order, each with every rule that counts it (a pair), and decided in two Lua scripts, each
 * called by its SHA ({@link RedisScript}):
 * <ol>
 *   <li>{@code lua/detection-record.lua}, <b>one call per batch</b>: records every pair ({@code ZADD NX}), counts the
 *   window ending at the newest read of the account and rule, trims what no window can use any more, and returns
 *   only the pairs that may trip (count above the role's maximum and no alert of the rule in place for the
 *   account), the first of each account and rule, with the count and the evidence ids (the newest
 *   {@code wg.detection.max-evidence} of that window);</li>
 *   <li>{@code lua/detection-raise.lua}, one call per pair returned (almost never), one after the other in pair
 *   order: unless an alert of this rule was raised for the account in the window ({@code …:<rule>:reads:alerted},
 *   SET NX PX window) or, enforce, the account is already suspended, it sets the suspension marker (enforce) and
 *   XADDs {@code ALERT_RAISED} (+ {@code ACCOUNT_SUSPENDED} for enforce) to the audit stream, atomically. The events
 *   are written here, for those pairs only.</li>
 * </ol>
 * Either call failing fails the batch. A read recorded by a batch whose raise then failed still counts when the
 * batch is fed again (the record script does not skip reads it knows), so the alert is raised then; the alerted mark
 * keeps it to one per window.
 *
 * <p>Only reads of this deployment count ({@code source} = {@code wg.detection.read-source}); an event older than
 * the rule's window when it is ingested (a backlog replayed after a long outage, a restore) is not counted by that
 * rule: it can no longer be part of a current window, and acting on it would suspend today for what was long past.
 * An event stamped more than {@code wg.detection.max-clock-skew} ahead is ignored.
 */
@ApplicationScoped
public class StreamingDetector {

    /** {@code by} of the suspension marker, and {@code source} of the events. */
    public static final String BY = "detection:" + OwnEvent.SOURCE;

    private static final Logger LOG = Logger.getLogger(StreamingDetector.class);
    private static final Duration TTL_MARGIN = Duration.ofSeconds(60);
    private static final RedisScript RECORD = RedisScript.fromResource("/lua/detection-record.lua");
    private static final RedisScript RAISE = RedisScript.fromResource("/lua/detection-raise.lua");

    /** One account and rule: its window key, and its number (1-based) in the record call. */
    private record Series(int number, String sub, DetectionRules.Rule rule, String window) {
    }

    /** A read counted by a rule; {@code max} is the reader's role's maximum. */
    private record Pair(Series series, EventRecord event, int max) {
    }

    /** A batch's pairs in order, and their series in the order they first appear (their numbers). */
    private record Pairs(List<Series> series, List<Pair> pairs) {
    }

    /** A pair whose window holds more than its maximum, with that count and evidence. */
    private record Trip(Pair pair, long count, String evidence) {
    }

    private final ReactiveRedisDataSource redis;
    private final DetectionRules rules;
    private final Clock clock;
    private final StreamEntrySigner signer;
    private final ObjectMapper mapper;
    private final String stream;
    private final String suspensionPrefix;
    private final Duration timeout;

    public StreamingDetector(ReactiveRedisDataSource redis, DetectionRules rules, Clock clock, ObjectMapper mapper,
                             StreamEntrySigner signer, AuditConfig audit, SuspensionConfig suspension,
                             RedisConfig redisConfig) {
        this.redis = redis;
        this.signer = signer;
        this.rules = rules;
        this.clock = clock;
        this.mapper = mapper;
        this.stream = audit.stream();
        this.suspensionPrefix = suspension.keyPrefix();
        this.timeout = redisConfig.timeout();
    }

    /** Feeds a batch (in {@code occurredAt} order) to the rules: one record call, then a raise call per trip. */
    public Uni<Void> observe(List<EventRecord> batch) {
        Pairs found = pairs(batch, clock.instant());
        List<Series> series = found.series();
        List<Pair> pairs = found.pairs();
        if (pairs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // One call for the whole batch, whatever accounts it holds: every detection key shares the hash tag of the
        // suite's keys ({wg}, docs/internals.md "Key layout"), so the keys of one call lie in one slot, on one Redis
        // or a Redis Cluster.
        List<String> keys = new ArrayList<>(2 * series.size());
        List<String> args = new ArrayList<>(2 + 2 * series.size() + 4 * pairs.size());
        args.add(String.valueOf(rules.maxEvidence()));
        args.add(String.valueOf(series.size()));
        for (Series s : series) {
            keys.add(s.window());
            keys.add(alertedKey(s));
            args.add(String.valueOf(s.rule().window().toMillis()));
            args.add(String.valueOf(s.rule().window().plus(TTL_MARGIN).toMillis()));
        }
        for (Pair pair : pairs) {
            args.add(String.valueOf(pair.series().number()));
            args.add(pair.event().eventId().toString());
            args.add(String.valueOf(pair.event().occurredAt().toEpochMilli()));
            args.add(String.valueOf(pair.max()));
        }
        return RECORD.call(redis, keys, args)
                .ifNoItem().after(timeout).fail()
                .flatMap(answer -> {
                    Uni<Void> raises = Uni.createFrom().voidItem();
                    for (Trip trip : trips(answer, pairs)) {
                        raises = raises.chain(() -> raise(trip));
                    }
                    return raises;
                });
    }

    /** The batch's reads in {@code occurredAt} order, each with every rule that counts it. */
    private Pairs pairs(List<EventRecord> batch, Instant now) {
        List<EventRecord> reads = batch.stream().filter(rules::isRead)
                .sorted(Comparator.comparing(EventRecord::occurredAt)).toList();
        Map<String, Series> series = new LinkedHashMap<>();
        List<Pair> pairs = new ArrayList<>();
        for (EventRecord event : reads) {
            if (rules.fromTheFuture(event.occurredAt(), now)) {
                continue;
            }
            for (DetectionRules.Rule rule : rules.all()) {
                Integer max = rule.maxByRole().get(event.actor().role());
                if (max == null || event.occurredAt().isBefore(now.minus(rule.window())) || !rules.counts(rule, event)) {
                    continue;
                }
                String sub = event.actor().sub();
                Series s = series.computeIfAbsent(rules.windowKey(sub, rule),
                        window -> new Series(series.size() + 1, sub, rule, window));
                pairs.add(new Pair(s, event, max));
            }
        }
        return new Pairs(List.copyOf(series.values()), pairs);
    }

    /** The record script's answer: {@code pair, count, evidence} triples (pairs numbered from 1). */
    private static List<Trip> trips(Response answer, List<Pair> pairs) {
        if (answer == null || answer.size() == 0) {
            return List.of();
        }
        List<Trip> trips = new ArrayList<>(answer.size() / 3);
        for (int i = 0; i + 2 < answer.size(); i += 3) {
            trips.add(new Trip(pairs.get(answer.get(i).toInteger() - 1), answer.get(i + 1).toLong(),
                    answer.get(i + 2).toString()));
        }
        return trips;
    }

    private Uni<Void> raise(Trip trip) {
        Pair pair = trip.pair();
        DetectionRules.Rule rule = pair.series().rule();
        EventRecord trigger = pair.event();
        String alertId = UUID.randomUUID().toString();
        String at = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        String reason = "detection: " + rule.name() + " (alert " + alertId + ")";
        boolean enforce = rule.enforce();
        List<String> keys = List.of(alertedKey(pair.series()), suspensionPrefix + pair.series().sub(), stream);
        String alert = alertEvent(alertId, at, trip);
        String suspended = enforce ? suspendedEvent(at, reason, trigger) : "";
        List<String> alertSignature = signer.keyIdAndSignature(alert);
        List<String> suspendedSignature = enforce ? signer.keyIdAndSignature(suspended) : List.of("", "");
        List<String> args = List.of(
                trigger.eventId().toString(),
                String.valueOf(rule.window().toMillis()),
                enforce ? "1" : "0",
                alert,
                enforce ? marker(reason, at) : "",
                suspended,
                alertSignature.get(0), alertSignature.get(1),
                suspendedSignature.get(0), suspendedSignature.get(1));
        return RAISE.call(redis, keys, args)
                .ifNoItem().after(timeout).fail()
                .invoke(raised -> {
                    if (raised != null && raised.toLong() > 0) {
                        LOG.infof("%s tripped (%s): alert %s", rule.name(), rule.mode(), alertId);
                    }
                })
                .replaceWithVoid();
    }

    private static String alertedKey(Series series) {
        return series.window() + ":alerted";
    }

    private String alertEvent(String alertId, String at, Trip trip) {
        DetectionRules.Rule rule = trip.pair().series().rule();
        EventRecord trigger = trip.pair().event();
        String summary = trip.count() + rule.summary();
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("rule", rule.name());
        alert.put("severity", rule.severity());
        alert.put("mode", rule.mode());
        alert.put("summary", summary);
        alert.put("suspended", String.valueOf(rule.enforce()));
        alert.put("eventIds", trip.evidence());
        alert.put("triggeredAt", trigger.occurredAt().toString());
        alert.put("figure.reads", String.valueOf(trip.count()));
        alert.put("figure.windowSeconds", String.valueOf(rule.window().toSeconds()));
        alert.put("figure.threshold", String.valueOf(trip.pair().max()));
        return withActor(OwnEvent.of(alertId, at, EventParser.ALERT_RAISED), trigger.actor())
                .with("deviceId", trigger.deviceId())
                .with("clientIp", trigger.clientIp())
                .with("waybillNo", trigger.waybillNo())
                .with("purpose", trigger.purpose())
                .with("reason", summary)
                .with("alert", alert)
                .json(mapper);
    }

    private String marker(String reason, String at) {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("reason", reason);
        marker.put("by", BY);
        marker.put("at", at);
        return OwnEvent.json(mapper, marker);
    }

    private String suspendedEvent(String at, String reason, EventRecord trigger) {
        return withActor(OwnEvent.of(UUID.randomUUID().toString(), at, "ACCOUNT_SUSPENDED"), trigger.actor())
                .with("targetSub", trigger.actor().sub())
                .with("reason", reason)
                .json(mapper);
    }

    private static OwnEvent withActor(OwnEvent event, EventRecord.Actor actor) {
        return event.actor(actor.sub(), actor.username(), actor.role(), actor.outletId(), actor.courierId());
    }
}
