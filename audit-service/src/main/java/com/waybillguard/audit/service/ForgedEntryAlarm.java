package com.waybillguard.audit.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.config.RedisConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Raises a CRITICAL {@code FORGED_ENTRY} alert when ingest refuses stream entries that are not authentic (unsigned,
 * signed with an unknown key, a signature that does not match, or a {@code source} that is not its key's service):
 * someone who is not a producing service wrote to the audit stream. The alert names no account (whoever the entry
 * claims as its actor may be innocent) and suspends nobody; the refused entries are in the dead-letter stream. At
 * most one alert per {@link #EVERY} per replica, so a flood of forged entries does not become a flood of alerts.
 */
@ApplicationScoped
public class ForgedEntryAlarm {

    /** The rule name of the alert. */
    public static final String RULE = "FORGED_ENTRY";
    /** At most one alert per this interval and replica. */
    static final Duration EVERY = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(ForgedEntryAlarm.class);

    private final ReactiveStreamCommands<String, String, String> streams;
    private final StreamEntrySigner signer;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String stream;
    private final Duration timeout;
    private final AtomicReference<Instant> lastRaised = new AtomicReference<>(Instant.EPOCH);

    public ForgedEntryAlarm(ReactiveRedisDataSource redis, StreamEntrySigner signer, ObjectMapper mapper, Clock clock,
                            AuditConfig audit, RedisConfig redisConfig) {
        this.streams = redis.stream(String.class);
        this.signer = signer;
        this.mapper = mapper;
        this.clock = clock;
        this.stream = audit.stream();
        this.timeout = redisConfig.timeout();
    }

    /**
     * Raises the alert for {@code refused} entries of one batch (the first one's stream id and reason in the summary),
     * unless one was raised within {@link #EVERY}. A failure to append is logged, never fails the batch: the
     * entries are dead-lettered either way.
     */
    public Uni<Void> raise(int refused, String firstId, String firstReason) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant last = lastRaised.get();
        if (refused == 0 || now.isBefore(last.plus(EVERY)) || !lastRaised.compareAndSet(last, now)) {
            return Uni.createFrom().voidItem();
        }
        String summary = refused + " audit stream entries refused as not authentic, first " + firstId + ": " + firstReason;
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("rule", RULE);
        alert.put("severity", "CRITICAL");
        alert.put("mode", "shadow");
        alert.put("summary", summary.length() > 200 ? summary.substring(0, 200) : summary);
        alert.put("suspended", "false");
        alert.put("triggeredAt", now.toString());
        alert.put("figure.entries", String.valueOf(refused));
        String event = OwnEvent.of(UUID.randomUUID().toString(), now.toString(), EventParser.ALERT_RAISED)
                .with("reason", "stream entries refused as not authentic (dead-lettered)")
                .with("alert", alert)
                .json(mapper);
        LOG.warnf("%d audit stream entries refused as not authentic (first %s: %s); raising %s", refused, firstId,
                firstReason, RULE);
        return streams.xadd(stream, signer.entry(event))
                .ifNoItem().after(timeout).fail()
                .onFailure().invoke(failure -> LOG.warnf("could not append the %s alert (%s)", RULE,
                        failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
