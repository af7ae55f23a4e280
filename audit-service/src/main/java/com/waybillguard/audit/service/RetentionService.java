package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.domain.EventRecord;
import com.waybillguard.audit.repository.ChainHeadRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Retention: drops whole monthly partitions of {@code audit_event} that lie entirely before
 * {@code now - wg.audit.retention} (default three years, PIPL art. 56), and records each drop in the
 * chain.
 *
 * <p>One drop is one transaction that first locks the chain head (so no batch is appended meanwhile),
 * then: records the runs of consecutive {@code seq}s leaving with the partition and the hash of the
 * last event of each run in {@code audit_retention_gap}; deletes the month's idempotency ledger rows and
 * drops the partition (SQL function {@code audit_drop_partition}, the owner's rights, never a month within
 * three years); appends a {@code RETENTION_APPLIED} event whose {@code reason} names the
 * partition, its time range, the seq range and count removed, the hash of the last dropped event and
 * a digest of all runs recorded so far ({@code gapsDigest}). Verify skips a recorded run and checks that the next stored event's
 * {@code prevHash} equals the run's last hash.
 */
@ApplicationScoped
public class RetentionService {

    /** Action of the chain event recording a drop. */
    public static final String ACTION = "RETENTION_APPLIED";
    /** Legal minimum (PIPL art. 56: at least three years). */
    public static final Period MINIMUM = Period.ofYears(3);

    private static final Logger LOG = Logger.getLogger(RetentionService.class);
    /** The runs of one month, read through the partitioned table (the service's role may not read a partition). */
    private static final String RUNS = """
            SELECT g.lo, g.hi, g.n, e.hash
            FROM (SELECT min(seq) AS lo, max(seq) AS hi, count(*) AS n
                  FROM (SELECT seq, seq - row_number() OVER (ORDER BY seq) AS grp FROM audit_event
                        WHERE occurred_at >= :from AND occurred_at < :to) t
                  GROUP BY grp) g
            JOIN audit_event e ON e.seq = g.hi AND e.occurred_at >= :from AND e.occurred_at < :to
            ORDER BY g.lo""";

    private final PartitionMaintenance partitions;
    private final ChainHeadRepository heads;
    private final ChainAppender appender;
    private final CheckpointService checkpoints;
    private final Vertx vertx;
    private final AuditConfig config;

    public RetentionService(PartitionMaintenance partitions, ChainHeadRepository heads, ChainAppender appender,
                            CheckpointService checkpoints, Vertx vertx, AuditConfig config) {
        this.partitions = partitions;
        this.heads = heads;
        this.appender = appender;
        this.checkpoints = checkpoints;
        this.vertx = vertx;
        this.config = config;
    }

    /** One run of consecutive seqs removed with a partition. */
    public record Run(long fromSeq, long toSeq, long count, String lastHash) {
    }

    /** What one drop removed and the chain event recording it. */
    public record Dropped(YearMonth month, String partition, List<Run> runs, long events, String recordEventId) {
    }

    void validateAtStart(@Observes StartupEvent event) {
        validate(config.retention(), config.retentionBelowMinimumAllowed());
        LOG.infof("audit retention %s", config.retention());
    }

    /** Refuses a retention below the legal minimum unless explicitly allowed (tests). */
    public static void validate(Period retention, boolean belowMinimumAllowed) {
        LocalDate base = LocalDate.of(2000, 1, 1);
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalStateException("wg.audit.retention must be a positive period such as P3Y, not " + retention);
        }
        if (base.plus(retention).isBefore(base.plus(MINIMUM)) && !belowMinimumAllowed) {
            throw new IllegalStateException("wg.audit.retention " + retention + " is below the legal minimum of "
                    + MINIMUM + " (PIPL art. 56); set wg.audit.retention-below-minimum-allowed=true only in tests");
        }
    }

    @Scheduled(cron = "${wg.audit.retention-cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Instant cutoff = Instant.now().atOffset(ZoneOffset.UTC).minus(config.retention()).toInstant();
        run(cutoff).whenComplete((dropped, failure) -> {
            if (failure != null) {
                LOG.warnf("retention run failed (%s); it runs again at the next schedule", failure.getClass().getSimpleName());
            } else {
                LOG.infof("retention before %s dropped %d partition(s)", cutoff, dropped.size());
            }
        });
    }

    /** {@link #apply(Instant)} on a fresh Vert.x context (from a scheduler or a test thread). */
    public CompletionStage<List<Dropped>> run(Instant cutoff) {
        CompletableFuture<List<Dropped>> result = new CompletableFuture<>();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> apply(cutoff).subscribe().with(result::complete, result::completeExceptionally));
        return result;
    }

    /** Drops every monthly partition that ends at or before {@code cutoff}, oldest first. */
    public Uni<List<Dropped>> apply(Instant cutoff) {
        return partitions.ensurePartitions()
                .flatMap(created -> partitions.partitions())
                .flatMap(months -> {
                    List<YearMonth> expired = months.stream()
                            .filter(m -> !m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff))
                            .toList();
                    if (expired.isEmpty()) {
                        return Uni.createFrom().item(List.<Dropped>of());
                    }
                    return Multi.createFrom().iterable(expired)
                            .onItem().transformToUniAndConcatenate(this::drop)
                            .collect().asList()
                            // a checkpoint covers the records at once: verify accepts a gap only from a covered record
                            .call(dropped -> checkpoints.create());
                });
    }

    private Uni<Dropped> drop(YearMonth month) {
        String partition = PartitionMaintenance.name(month);
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Panache.withTransaction(() -> heads.lockHead()
                .flatMap(head -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery(RUNS, Object[].class)
                        .setParameter("from", from).setParameter("to", to)
                        .getResultList()
                        .map(RetentionService::runs)
                        .flatMap(runs -> session.createNativeQuery(
                                        "SELECT from_seq, to_seq, last_hash FROM audit_retention_gap ORDER BY from_seq", Object[].class)
                                .getResultList()
                                .flatMap(earlier -> {
                                    List<Run> all = new ArrayList<>(runs(earlier));
                                    all.addAll(runs);
                                    all.sort((a, b) -> Long.compare(a.fromSeq(), b.fromSeq()));
                                    EventRecord record = record(partition, from, to, runs, gapsDigest(all));
                                    return appender.append(List.of(record))
                                            .flatMap(appended -> recordGaps(session, partition, runs, record.eventId(),
                                                    appended.stored().get(0).seq))
                                            // the month's ledger rows and the partition go through the owner's
                                            // function, which refuses a month within the legal minimum
                                            .flatMap(v -> session.createNativeQuery(
                                                            "SELECT audit_drop_partition(:month)", Boolean.class)
                                                    .setParameter("month", month.atDay(1)).getSingleResult())
                                            .map(v -> new Dropped(month, partition, runs,
                                                    runs.stream().mapToLong(Run::count).sum(), record.eventId().toString()));
                                }))))
                .invoke(dropped -> LOG.infof("retention dropped %s (%d events in %d run(s))", partition, dropped.events(),
                        dropped.runs().size()));
    }

    private static List<Run> runs(List<Object[]> rows) {
        List<Run> runs = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            runs.add(row.length == 3
                    ? new Run(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), 0, String.valueOf(row[2]).trim())
                    : new Run(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue(),
                    String.valueOf(row[3]).trim()));
        }
        return runs;
    }

    private static Uni<Void> recordGaps(Mutiny.Session session, String partition, List<Run> runs, UUID recordEventId,
                                        long recordSeq) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (Run run : runs) {
            chain = chain.flatMap(v -> session.createNativeQuery("""
                            INSERT INTO audit_retention_gap (from_seq, to_seq, last_hash, partition_name, record_event_id, record_seq, dropped_at)
                            VALUES (:from, :to, :hash, :partition, :record, :recordSeq, :at)""")
                    .setParameter("from", run.fromSeq()).setParameter("to", run.toSeq()).setParameter("hash", run.lastHash())
                    .setParameter("partition", partition).setParameter("record", recordEventId)
                    .setParameter("recordSeq", recordSeq).setParameter("at", now)
                    .executeUpdate().replaceWithVoid());
        }
        return chain;
    }

    /** The chain event recording a drop; its reason is the summary an outside party can check. */
    static EventRecord record(String partition, Instant from, Instant to, List<Run> runs, String gapsDigest) {
        StringBuilder reason = new StringBuilder()
                .append("partition=").append(partition)
                .append(" from=").append(from).append(" to=").append(to)
                .append(" events=").append(runs.stream().mapToLong(Run::count).sum());
        if (!runs.isEmpty()) {
            Run last = runs.stream().max((a, b) -> Long.compare(a.toSeq(), b.toSeq())).orElseThrow();
            reason.append(" seqs=").append(runs.get(0).fromSeq()).append('-').append(last.toSeq())
                    .append(" runs=").append(runs.size())
                    .append(" lastHash=").append(last.lastHash());
        }
        reason.append(" gapsDigest=").append(gapsDigest);
        return new EventRecord(UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), OwnEvent.SOURCE,
                ACTION, null, null, null, null, null, null, null, null, null, reason.toString(), null, null, null);
    }

    /**
     * SHA-256 (hex) over "fromSeq-toSeq:lastHash\n" of each run in seq order. A drop's record carries
     * the digest of every run recorded so far (earlier drops' and its own), so the newest record
     * anchors the whole gap table, including runs whose own record has since been dropped.
     */
    public static String gapsDigest(List<Run> runs) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (Run run : runs) {
                sha256.update((run.fromSeq() + "-" + run.toSeq() + ":" + run.lastHash() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
