package com.waybillguard.audit.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.config.RedisConfig;
import com.waybillguard.audit.config.SuspensionConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the suspension markers in Redis true to the audit trail, the record no one can rewrite unseen. An account
 * whose newest {@code ACCOUNT_SUSPENDED} is not followed by an {@code ACCOUNT_REINSTATED} of audit-service is
 * suspended; if its marker is gone (deleted with the operator's Redis password, or overwritten with an expiry by a
 * service that may set markers), the marker is put back and a CRITICAL {@code SUSPENSION_TAMPERED} alert raised,
 * both in one script. Runs every {@code wg.suspension.reconcile-every}.
 *
 * <p>A reinstatement deletes the marker and appends its event in one transaction, and the event reaches the
 * database a moment later. So a marker counts as missing only if it was missing before the newest stream entry of
 * that moment was stored (the trail read afterwards includes every reinstatement up to then), and is still missing
 * after the trail was read. A round waits for ingest at most {@code wg.suspension.reconcile-ingest-wait}; when ingest
 * is further behind the round is skipped.
 */
@ApplicationScoped
public class SuspensionReconciler {

    /** The rule name of the alert. */
    public static final String RULE = "SUSPENSION_TAMPERED";

    private static final Logger LOG = Logger.getLogger(SuspensionReconciler.class);
    private static final RedisScript RESTORE = RedisScript.fromResource("/lua/suspension-restore.lua");
    /** Accounts whose newest suspension event suspends them ($1: only these subs, or null for all). */
    private static final String SUSPENDED = """
            SELECT target_sub FROM (
              SELECT DISTINCT ON (target_sub) target_sub, action FROM audit_event
              WHERE target_sub IS NOT NULL
                AND (action = 'ACCOUNT_SUSPENDED' OR (action = 'ACCOUNT_REINSTATED' AND source = 'audit-service'))
                AND ($1::text[] IS NULL OR target_sub = ANY($1::text[]))
              ORDER BY target_sub, seq DESC) newest
            WHERE action = 'ACCOUNT_SUSPENDED'""";
    private static final Duration POLL = Duration.ofMillis(200);

    private final ReactiveRedisDataSource redis;
    private final Pool pool;
    private final StreamEntrySigner signer;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final AuditConfig audit;
    private final SuspensionConfig suspension;
    private final Duration timeout;

    public SuspensionReconciler(ReactiveRedisDataSource redis, Pool pool, StreamEntrySigner signer, ObjectMapper mapper,
                                Clock clock, AuditConfig audit, SuspensionConfig suspension, RedisConfig redisConfig) {
        this.redis = redis;
        this.pool = pool;
        this.signer = signer;
        this.mapper = mapper;
        this.clock = clock;
        this.audit = audit;
        this.suspension = suspension;
        this.timeout = redisConfig.timeout();
    }

    @Scheduled(every = "${wg.suspension.reconcile-every}", delayed = "${wg.audit.jobs-start-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return reconcile()
                .invoke(restored -> {
                    if (!restored.isEmpty()) {
                        LOG.warnf("restored %d suspension marker(s) removed outside audit-service; raised %s",
                                restored.size(), RULE);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("suspension reconciliation skipped (%s)",
                        failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** One round; answers the accounts whose marker this round put back. */
    public Uni<List<String>> reconcile() {
        return suspendedByTrail(null)
                .flatMap(this::missingMarkers)
                .flatMap(missing -> missing.isEmpty() ? Uni.createFrom().item(List.<String>of())
                        : newestEntry()
                        .flatMap(boundary -> awaitIngested(boundary, clock.instant().plus(suspension.reconcileIngestWait())))
                        .flatMap(ingested -> ingested ? suspendedByTrail(missing) : Uni.createFrom().item(List.<String>of()))
                        .flatMap(this::missingMarkers)
                        .flatMap(this::restoreAll));
    }

    private Uni<List<String>> suspendedByTrail(List<String> among) {
        Tuple args = Tuple.of(among == null ? null : among.toArray(String[]::new));
        return pool.preparedQuery(SUSPENDED).execute(args).map(rows -> {
            List<String> subs = new ArrayList<>();
            for (Row row : rows) {
                subs.add(row.getString("target_sub"));
            }
            return subs;
        });
    }

    private Uni<List<String>> missingMarkers(List<String> subs) {
        if (subs.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().iterable(subs)
                .onItem().transformToUniAndConcatenate(sub -> bounded(redis.key().exists(marker(sub)))
                        .map(exists -> exists ? null : sub))
                .filter(sub -> sub != null)
                .collect().asList();
    }

    /** The id of the newest entry of the stream now ({@code 0-0} when it is empty). */
    private Uni<String> newestEntry() {
        return bounded(redis.execute("XREVRANGE", audit.stream(), "+", "-", "COUNT", "1"))
                .map(range -> range == null || range.size() == 0 ? "0-0" : range.get(0).get(0).toString());
    }

    /** Whether audit-service's group has stored everything up to {@code boundary} before {@code deadline}. */
    private Uni<Boolean> awaitIngested(String boundary, Instant deadline) {
        return ingestedThrough(boundary).flatMap(done -> {
            if (done) {
                return Uni.createFrom().item(true);
            }
            if (clock.instant().isAfter(deadline)) {
                LOG.debugf("ingest has not reached %s in time; reconciliation waits for the next round", boundary);
                return Uni.createFrom().item(false);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(POLL)
                    .flatMap(v -> awaitIngested(boundary, deadline));
        });
    }

    private Uni<Boolean> ingestedThrough(String boundary) {
        String group = audit.ingest().group();
        StreamTrimmer.StreamId bound = StreamTrimmer.StreamId.parse(boundary);
        return bounded(redis.execute("XINFO", "GROUPS", audit.stream())).flatMap(groups -> {
            StreamTrimmer.StreamId delivered = StreamTrimmer.StreamId.parse(IngestMetrics.lastDelivered(groups, group));
            if (delivered == null || delivered.compare(bound) < 0) {
                return Uni.createFrom().item(false);
            }
            return bounded(redis.execute("XPENDING", audit.stream(), group)).map(summary -> {
                long pending = summary.get(0).toLong();
                return pending == 0 || StreamTrimmer.StreamId.parse(summary.get(1).toString()).compare(bound) > 0;
            });
        });
    }

    private Uni<List<String>> restoreAll(List<String> subs) {
        return Multi.createFrom().iterable(subs)
                .onItem().transformToUniAndConcatenate(sub -> restore(sub).map(restored -> restored ? sub : null))
                .filter(sub -> sub != null)
                .collect().asList();
    }

    private Uni<Boolean> restore(String sub) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> state = new LinkedHashMap<>();
        state.put("reason", "restored from the audit trail: the marker was removed outside audit-service");
        state.put("by", "audit-service");
        state.put("at", now.toString());
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("rule", RULE);
        alert.put("severity", "CRITICAL");
        alert.put("mode", "enforce");
        alert.put("summary", "the suspension marker of a suspended account was removed outside audit-service; restored");
        alert.put("suspended", "true");
        alert.put("triggeredAt", now.toString());
        String event = OwnEvent.of(UUID.randomUUID().toString(), now.toString(), EventParser.ALERT_RAISED)
                .actor(sub, null, null, null, null)
                .with("targetSub", sub)
                .with("decision", "DENY")
                .with("reason", "suspension marker removed outside audit-service; restored from the audit trail")
                .with("alert", alert)
                .json(mapper);
        Map<String, String> entry = signer.entry(event);
        return bounded(RESTORE.call(redis, List.of(marker(sub), audit.stream()),
                List.of(OwnEvent.json(mapper, state), entry.get("event"), entry.get("kid"), entry.get("sig"))))
                .map(reply -> reply.toLong() == 1);
    }

    private String marker(String sub) {
        return suspension.keyPrefix() + sub;
    }

    private <T> Uni<T> bounded(Uni<T> call) {
        return call.ifNoItem().after(timeout).fail();
    }
}
