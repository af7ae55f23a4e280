package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Trims the audit stream of the entries the consumer group has acknowledged, every
 * {@code wg.audit.ingest.trim-interval} (off the ingest path; {@code off} disables it).
 *
 * <p>The trim point is the smallest of, over every group of the stream (normally only
 * {@code audit-service}), its oldest pending entry (XPENDING summary) and its last-delivered-id + 1
 * (XINFO GROUPS); {@code XTRIM MINID} removes only entries below it, so an entry still pending or
 * not yet delivered is never removed. The last-delivered-ids are read <b>before</b> XPENDING: an entry
 * delivered in between has an id above the last-delivered-id that was read, so it is kept too.
 */
@ApplicationScoped
public class StreamTrimmer {

    private static final Logger LOG = Logger.getLogger(StreamTrimmer.class);

    private final ReactiveRedisDataSource redis;
    private final AuditConfig.Ingest config;
    private final String stream;

    public StreamTrimmer(ReactiveRedisDataSource redis, AuditConfig config) {
        this.redis = redis;
        this.config = config.ingest();
        this.stream = config.stream();
    }

    @Scheduled(every = "${wg.audit.ingest.trim-interval}", delayed = "${wg.audit.jobs-start-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledTrim() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return trim().onFailure().invoke(e -> LOG.debugf("audit stream trim failed (%s)", StreamIngestor.describe(e)))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Trims the stream once; the number of entries removed (0 when there is no group or nothing to remove). */
    public Uni<Long> trim() {
        return redis.execute("XINFO", "GROUPS", stream)
                .onFailure(e -> String.valueOf(e.getMessage()).contains("no such key")).recoverWithNull()
                .flatMap(groups -> {
                    if (groups == null || groups.size() == 0) {
                        return Uni.createFrom().item(0L);
                    }
                    StreamId bound = null;
                    java.util.List<String> names = new java.util.ArrayList<>();
                    for (Response group : groups) {
                        String name = IngestMetrics.field(group, "name");
                        StreamId lastDelivered = StreamId.parse(IngestMetrics.field(group, "last-delivered-id"));
                        if (name == null || lastDelivered == null) {
                            return Uni.createFrom().item(0L); // unknown reply shape: trim nothing
                        }
                        names.add(name);
                        bound = StreamId.min(bound, lastDelivered.next());
                    }
                    return oldestPending(stream, names, 0, bound).flatMap(this::trimBelow);
                });
    }

    /** {@code bound} lowered to the oldest pending entry of every group from {@code names[index]} on. */
    private Uni<StreamId> oldestPending(String stream, java.util.List<String> names, int index, StreamId bound) {
        if (index >= names.size()) {
            return Uni.createFrom().item(bound);
        }
        return redis.execute("XPENDING", stream, names.get(index)).flatMap(summary -> {
            StreamId lowered = bound;
            if (summary != null && summary.size() >= 2 && summary.get(0) != null && summary.get(0).toLong() > 0) {
                StreamId lowest = StreamId.parse(summary.get(1) == null ? null : summary.get(1).toString());
                if (lowest == null) {
                    return Uni.createFrom().item((StreamId) null); // unknown reply shape: trim nothing
                }
                lowered = StreamId.min(bound, lowest);
            }
            return oldestPending(stream, names, index + 1, lowered);
        });
    }

    private Uni<Long> trimBelow(StreamId bound) {
        if (bound == null || bound.isZero()) {
            return Uni.createFrom().item(0L);
        }
        return redis.execute("XTRIM", stream, "MINID", bound.toString())
                .map(removed -> removed == null ? 0L : removed.toLong())
                .invoke(removed -> {
                    if (removed > 0) {
                        LOG.debugf("trimmed %d acknowledged entries below %s from %s", removed, bound, stream);
                    }
                });
    }

    /** A stream entry id {@code <ms>-<seq>} (both unsigned 64-bit). */
    record StreamId(long ms, long seq) {

        static StreamId parse(String id) {
            if (id == null) {
                return null;
            }
            int dash = id.indexOf('-');
            try {
                return dash < 0 ? new StreamId(Long.parseUnsignedLong(id), 0)
                        : new StreamId(Long.parseUnsignedLong(id.substring(0, dash)), Long.parseUnsignedLong(id.substring(dash + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** The smallest id after this one. */
        StreamId next() {
            return seq == -1L ? new StreamId(ms + 1, 0) : new StreamId(ms, seq + 1);
        }

        boolean isZero() {
            return ms == 0 && seq == 0;
        }

        int compare(StreamId other) {
            int byMs = Long.compareUnsigned(ms, other.ms);
            return byMs != 0 ? byMs : Long.compareUnsigned(seq, other.seq);
        }

        static StreamId min(StreamId a, StreamId b) {
            if (a == null) {
                return b;
            }
            return b == null || a.compare(b) <= 0 ? a : b;
        }

        @Override
        public String toString() {
            return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
        }
    }
}
