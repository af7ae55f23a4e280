package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ingest metrics: events stored, duplicates skipped, entries dead-lettered, the stream's length and
 * the group's pending entries (the backlog), and the lag (now minus {@code occurredAt} of the last
 * stored event).
 */
@ApplicationScoped
public class IngestMetrics {

    private final Counter ingested;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final AtomicLong streamLength = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong headSeq = new AtomicLong();
    private final AtomicReference<Instant> lastOccurredAt = new AtomicReference<>();
    private final AtomicReference<Instant> oldestUnstored = new AtomicReference<>();
    private final AtomicReference<Instant> backlogRefreshedAt = new AtomicReference<>();
    private final ReactiveRedisDataSource redis;
    private final ReactiveStreamCommands<String, String, String> streams;
    private final AuditConfig config;

    public IngestMetrics(MeterRegistry registry, ReactiveRedisDataSource redis, AuditConfig config) {
        this.redis = redis;
        this.streams = redis.stream(String.class);
        this.config = config;
        ingested = Counter.builder("wg.audit.events.ingested").description("Audit events stored in the chain").register(registry);
        duplicates = Counter.builder("wg.audit.events.duplicates").description("Stream entries skipped as already stored").register(registry);
        deadLettered = Counter.builder("wg.audit.events.deadlettered").description("Malformed entries moved to the dead-letter stream").register(registry);
        Gauge.builder("wg.audit.stream.length", streamLength, AtomicLong::get).description("Entries in the audit stream (XLEN)").register(registry);
        Gauge.builder("wg.audit.stream.pending", pending, AtomicLong::get).description("Entries delivered but not yet acknowledged").register(registry);
        Gauge.builder("wg.audit.chain.head.seq", headSeq, AtomicLong::get).description("Sequence number of the last chained event").register(registry);
        Gauge.builder("wg.audit.ingest.lag.seconds", lastOccurredAt, IngestMetrics::lagSeconds)
                .description("Now minus occurredAt of the last stored event").register(registry);
        Gauge.builder("wg.audit.ingest.backlog.age.seconds", oldestUnstored, IngestMetrics::lagSeconds)
                .description("Age of the oldest stream entry not yet stored and acknowledged (0 when none)").register(registry);
    }

    /** The backlog as last seen (refreshed every {@code metrics-interval}). */
    public record Backlog(long streamLength, long pending, double backlogAgeSeconds, double lastStoredLagSeconds,
                          long chainHeadSeq, Instant refreshedAt) {
    }

    /** The current backlog figures, without any I/O. */
    public Backlog backlog() {
        return new Backlog(streamLength.get(), pending.get(), lagSeconds(oldestUnstored), lagSeconds(lastOccurredAt),
                headSeq.get(), backlogRefreshedAt.get());
    }

    private static double lagSeconds(AtomicReference<Instant> last) {
        Instant at = last.get();
        return at == null ? 0 : Math.max(0, Duration.between(at, Instant.now()).toMillis() / 1000.0);
    }

    void stored(int count, long lastSeq, Instant occurredAt) {
        ingested.increment(count);
        headSeq.accumulateAndGet(lastSeq, Math::max);
        if (occurredAt != null) {
            lastOccurredAt.set(occurredAt);
        }
    }

    void duplicates(int count) {
        duplicates.increment(count);
    }

    void deadLettered(int count) {
        deadLettered.increment(count);
    }

    /**
     * Refreshes the backlog gauges from Redis: XLEN, XPENDING (count and oldest id), and the group's
     * last delivered id (XINFO GROUPS) to find the oldest entry not yet delivered. The backlog age is
     * the age (from its stream id) of the oldest entry that is pending or not yet delivered.
     */
    @Scheduled(every = "${wg.audit.ingest.metrics-interval}", delayed = "${wg.audit.jobs-start-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> refreshBacklog() {
        String stream = config.stream();
        String group = config.ingest().group();
        return streams.xlen(stream)
                .invoke(streamLength::set)
                .flatMap(len -> streams.xpending(stream, group))
                .flatMap(summary -> {
                    pending.set(summary.getPendingCount());
                    Instant oldestPending = summary.getPendingCount() > 0 ? idTime(summary.getLowestId()) : null;
                    return oldestUndelivered(stream, group).map(undelivered -> earliest(oldestPending, undelivered));
                })
                .invoke(oldest -> {
                    oldestUnstored.set(oldest);
                    backlogRefreshedAt.set(Instant.now());
                })
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Instant> oldestUndelivered(String stream, String group) {
        return redis.execute("XINFO", "GROUPS", stream).flatMap(groups -> {
            String lastDelivered = lastDelivered(groups, group);
            if (lastDelivered == null) {
                return Uni.createFrom().nullItem();
            }
            return redis.execute("XRANGE", stream, "(" + lastDelivered, "+", "COUNT", "1")
                    .map(range -> range == null || range.size() == 0 ? null : idTime(range.get(0).get(0).toString()));
        });
    }

    /** The {@code last-delivered-id} of {@code group} in an {@code XINFO GROUPS} reply, or null if it has no such group. */
    static String lastDelivered(Response groups, String group) {
        if (groups != null) {
            for (Response g : groups) {
                if (group.equals(field(g, "name"))) {
                    return field(g, "last-delivered-id");
                }
            }
        }
        return null;
    }

    /** A field of an XINFO reply, whether it came as a RESP3 map or a RESP2 flat array. */
    static String field(Response reply, String name) {
        if (reply.getKeys() != null && !reply.getKeys().isEmpty()) {
            Response value = reply.get(name);
            return value == null ? null : value.toString();
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            if (name.equals(reply.get(i).toString())) {
                Response value = reply.get(i + 1);
                return value == null ? null : value.toString();
            }
        }
        return null;
    }

    private static Instant idTime(String streamId) {
        if (streamId == null) {
            return null;
        }
        int dash = streamId.indexOf('-');
        try {
            return Instant.ofEpochMilli(Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
