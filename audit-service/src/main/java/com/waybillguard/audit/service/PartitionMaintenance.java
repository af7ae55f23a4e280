package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the monthly partitions of {@code audit_event} ahead of time: at start and every
 * {@code wg.audit.partitions.every} it creates the partitions of the current month and the next
 * {@code months-ahead} months, and of every month that has rows in the default partition (events far
 * in the past or future), moving those rows into it (SQL function {@code audit_ensure_partition}).
 */
@ApplicationScoped
public class PartitionMaintenance {

    /** Name prefix of the monthly partitions: {@code audit_event_pYYYY_MM}. */
    public static final String PARTITION_PREFIX = "audit_event_p";

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);
    private static final Pattern PARTITION_NAME = Pattern.compile("^audit_event_p(\\d{4})_(\\d{2})$");
    private static final String ENSURE = """
            SELECT m::date AS month, audit_ensure_partition(m::date) AS created
            FROM (SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC') AS m FROM audit_event_default
                  UNION
                  SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => n)
                  FROM generate_series(0, $1) AS n) months
            ORDER BY m""";
    private static final String LIST = """
            SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'audit_event'::regclass""";

    private final Pool pool;
    private final AuditConfig.Partitions config;

    public PartitionMaintenance(Pool pool, AuditConfig config) {
        this.pool = pool;
        this.config = config.partitions();
    }

    void onStart(@Observes StartupEvent event) {
        ensurePartitions().subscribe().with(
                created -> LOG.infof("audit partitions ready (%d created)", created.size()),
                failure -> LOG.warnf("could not create audit partitions at start (%s); inserts use the default partition until the next run",
                        failure.getClass().getSimpleName()));
    }

    /** Every {@code wg.audit.partitions.every}; the first run is at start ({@link #onStart}), so the schedule starts one interval later. */
    @Scheduled(every = "${wg.audit.partitions.every}", delayed = "${wg.audit.partitions.every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return ensurePartitions()
                .invoke(created -> LOG.debugf("audit partitions created: %s", created))
                .onFailure().invoke(failure -> LOG.warnf("could not create audit partitions (%s)", failure.getClass().getSimpleName()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Creates the missing partitions; answers the months created. */
    public Uni<List<YearMonth>> ensurePartitions() {
        return pool.preparedQuery(ENSURE).execute(Tuple.of(Math.max(0, config.monthsAhead()))).map(rows -> {
            List<YearMonth> created = new ArrayList<>();
            for (Row row : rows) {
                if (Boolean.TRUE.equals(row.getBoolean("created"))) {
                    created.add(YearMonth.from(row.getLocalDate("month")));
                }
            }
            if (!created.isEmpty()) {
                LOG.infof("created audit partitions for %s", created);
            }
            return created;
        });
    }

    /** The monthly partitions that exist, oldest first (the default partition is not among them). */
    public Uni<List<YearMonth>> partitions() {
        return pool.query(LIST).execute().map(rows -> {
            List<YearMonth> months = new ArrayList<>();
            for (Row row : rows) {
                YearMonth month = month(row.getString("name"));
                if (month != null) {
                    months.add(month);
                }
            }
            months.sort(null);
            return months;
        });
    }

    /** The partition's month, or null when the name is not a monthly partition's. */
    static YearMonth month(String name) {
        Matcher m = PARTITION_NAME.matcher(name);
        return m.matches() ? YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
    }

    /** The partition holding {@code month}. */
    public static String name(YearMonth month) {
        return String.format("%s%04d_%02d", PARTITION_PREFIX, month.getYear(), month.getMonthValue());
    }
}
