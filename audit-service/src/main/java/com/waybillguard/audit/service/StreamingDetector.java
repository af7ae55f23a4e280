package com.waybillguard.audit.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.config.RedisConfig;
import com.waybillguard.audit.config.SuspensionConfig;
import com.waybillguard.audit.domain.EventRecord;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * <p>State is in Redis, per account and rule: a sorted set {@code wg:detect:{<sub>}:<rule>} of event ids scored by
 * the event's {@code occurredAt} (epoch ms), so every replica counts the same, a restart loses nothing, and replayed
 * events land where they belong in time; its TTL is the window + 60 s. One Lua script ({@link #SCRIPT}) decides each
 * event atomically: record it, drop what no window can use any more, count the window ending at the newest event,
 * and on a trip (count above the role's maximum) — unless an alert of this rule was raised for the account in the
 * window ({@code …:<rule>:alerted}, SET NX PX window) or, in enforce mode, the account is already suspended — set
 * the suspension marker (enforce) and XADD {@code ALERT_RAISED} (+ {@code ACCOUNT_SUSPENDED} for enforce) to the
 * audit stream. The events are prepared here and completed in the script with the count and the evidence ids.
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

    /**
     * KEYS: window, alerted mark, suspension marker, audit stream. ARGV: 1 event id, 2 score (ms), 3 window (ms),
     * 4 max, 5 ttl (ms), 6 enforce (1/0), 7 max evidence, 8 ALERT_RAISED JSON, 9 marker value,
     * 10 ACCOUNT_SUSPENDED JSON, 11 summary after the count. Returns the count on a trip, else 0.
     */
    static final String SCRIPT = """
            local added = redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
            local window = tonumber(ARGV[3])
            local newest = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            local top = tonumber(newest[2])
            local from = string.format('%.0f', top - window)
            local upto = string.format('%.0f', top)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. from)
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            if added == 0 then return 0 end
            local count = redis.call('ZCOUNT', KEYS[1], '(' .. from, upto)
            if count <= tonumber(ARGV[4]) then return 0 end
            local enforce = ARGV[6] == '1'
            if enforce and redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
            if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[3]) then return 0 end
            local newestFirst = redis.call('ZREVRANGEBYSCORE', KEYS[1], upto, '(' .. from, 'LIMIT', 0, tonumber(ARGV[7]))
            local ids = {}
            for i = #newestFirst, 1, -1 do ids[#ids + 1] = newestFirst[i] end
            local event = cjson.decode(ARGV[8])
            local summary = tostring(count) .. ARGV[11]
            event.reason = summary
            event.alert.summary = summary
            event.alert.eventIds = table.concat(ids, ',')
            event.alert['figure.reads'] = tostring(count)
            if enforce then redis.call('SET', KEYS[3], ARGV[9]) end
            redis.call('XADD', KEYS[4], '*', 'event', cjson.encode(event))
            if enforce then redis.call('XADD', KEYS[4], '*', 'event', ARGV[10]) end
            return count
            """;

    private final ReactiveRedisDataSource redis;
    private final DetectionRules rules;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final String stream;
    private final String suspensionPrefix;
    private final Duration timeout;

    public StreamingDetector(ReactiveRedisDataSource redis, DetectionRules rules, Clock clock, ObjectMapper mapper,
                             AuditConfig audit, SuspensionConfig suspension, RedisConfig redisConfig) {
        this.redis = redis;
        this.rules = rules;
        this.clock = clock;
        this.mapper = mapper;
        this.stream = audit.stream();
        this.suspensionPrefix = suspension.keyPrefix();
        this.timeout = redisConfig.timeout();
    }

    /** Feeds a batch (in {@code occurredAt} order) to the rules, one script call after the other. */
    public Uni<Void> observe(List<EventRecord> batch) {
        List<EventRecord> reads = batch.stream().filter(rules::isRead)
                .sorted(Comparator.comparing(EventRecord::occurredAt)).toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (EventRecord event : reads) {
            for (DetectionRules.Rule rule : rules.all()) {
                chain = chain.chain(() -> decide(rule, event));
            }
        }
        return chain;
    }

    private Uni<Void> decide(DetectionRules.Rule rule, EventRecord event) {
        Integer max = rule.maxByRole().get(event.actor().role());
        Instant now = clock.instant();
        if (max == null || event.occurredAt().isBefore(now.minus(rule.window()))
                || rules.fromTheFuture(event.occurredAt(), now) || !rules.counts(rule, event)) {
            return Uni.createFrom().voidItem();
        }
        String sub = event.actor().sub();
        String alertId = UUID.randomUUID().toString();
        String at = now.truncatedTo(ChronoUnit.MILLIS).toString();
        String reason = "detection: " + rule.name() + " (alert " + alertId + ")";
        String window = rules.windowKey(sub, rule);
        List<String> args = List.of("EVAL", SCRIPT, "4", window, window + ":alerted", suspensionPrefix + sub, stream,
                event.eventId().toString(),
                String.valueOf(event.occurredAt().toEpochMilli()),
                String.valueOf(rule.window().toMillis()),
                String.valueOf(max),
                String.valueOf(rule.window().plus(TTL_MARGIN).toMillis()),
                rule.enforce() ? "1" : "0",
                String.valueOf(rules.maxEvidence()),
                alertEvent(alertId, at, rule, max, event),
                marker(reason, at),
                suspendedEvent(at, reason, event),
                rule.summary());
        return redis.execute(args.get(0), args.subList(1, args.size()).toArray(String[]::new))
                .ifNoItem().after(timeout).fail()
                .invoke(count -> {
                    if (count != null && count.toLong() > 0) {
                        LOG.infof("%s tripped (%s): alert %s", rule.name(), rule.mode(), alertId);
                    }
                })
                .replaceWithVoid();
    }

    private String alertEvent(String alertId, String at, DetectionRules.Rule rule, int max, EventRecord trigger) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("rule", rule.name());
        alert.put("severity", rule.severity());
        alert.put("mode", rule.mode());
        alert.put("suspended", String.valueOf(rule.enforce()));
        alert.put("triggeredAt", trigger.occurredAt().toString());
        alert.put("figure.windowSeconds", String.valueOf(rule.window().toSeconds()));
        alert.put("figure.threshold", String.valueOf(max));
        return withActor(OwnEvent.of(alertId, at, EventParser.ALERT_RAISED), trigger.actor())
                .with("deviceId", trigger.deviceId())
                .with("clientIp", trigger.clientIp())
                .with("waybillNo", trigger.waybillNo())
                .with("purpose", trigger.purpose())
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
