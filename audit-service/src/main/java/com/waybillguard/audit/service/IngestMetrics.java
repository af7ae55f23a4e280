package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
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
    private final ReactiveStreamCommands<String, String, String> streams;
    private final AuditConfig config;

    public IngestMetrics(MeterRegistry registry, ReactiveRedisDataSource redis, AuditConfig config) {
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

    /** Refreshes the backlog gauges from Redis. */
    @Scheduled(every = "${wg.audit.ingest.metrics-interval:5s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshBacklog() {
        String stream = config.ingest().stream();
        return streams.xlen(stream)
                .invoke(streamLength::set)
                .flatMap(len -> streams.xpending(stream, config.ingest().group()))
                .invoke(summary -> pending.set(summary.getPendingCount()))
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
