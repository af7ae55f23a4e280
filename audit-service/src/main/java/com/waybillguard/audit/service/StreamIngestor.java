package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.domain.AuditEvent;
import com.waybillguard.audit.domain.EventRecord;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ClaimedMessages;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consumes the audit stream as a member of the consumer group: XREADGROUP in batches with a
 * bounded BLOCK, parse and validate, store the batch in one transaction (chained), dead-letter what
 * is malformed, feed the committed batch to the streaming rules ({@link StreamingDetector}), and XACK only after
 * that. Every {@code claim-interval} it also XAUTOCLAIMs
 * entries left pending longer than {@code claim-min-idle} by a crashed or stuck consumer. After a
 * failed iteration a consumer first re-reads its own pending entries (XREADGROUP id 0), so a
 * backlog held up by an outage drains as soon as the outage ends.
 *
 * <p>Each loop runs on the Vert.x event loop without blocking: every iteration gets a fresh
 * duplicated context (the Hibernate Reactive session lives there), and a failed iteration (Redis
 * or PostgreSQL away) is retried after a back-off. Shutdown stops the loops and waits, bounded,
 * for the batch in flight.
 */
@ApplicationScoped
public class StreamIngestor {

    private static final Logger LOG = Logger.getLogger(StreamIngestor.class);
    /** The field of a stream entry holding the event. */
    static final String EVENT_FIELD = "event";
    private static final String CLAIM_START = "0-0";
    private static final String OWN_PENDING = "0";

    private final ReactiveStreamCommands<String, String, String> streams;
    private final EventParser parser;
    private final StreamEntrySigner signer;
    private final ForgedEntryAlarm forgeries;
    private final ChainAppender appender;
    private final AppendedHead appendedHead;
    private final IngestMetrics metrics;
    private final AlertMetrics alertMetrics;
    private final StreamingDetector detector;
    private final Vertx vertx;
    private final AuditConfig.Ingest config;
    private final String stream;
    private final List<ConsumerLoop> loops = new ArrayList<>();
    private volatile boolean running;

    public StreamIngestor(ReactiveRedisDataSource redis, EventParser parser, StreamEntrySigner signer,
                          ForgedEntryAlarm forgeries, ChainAppender appender, AppendedHead appendedHead, IngestMetrics metrics,
                          AlertMetrics alertMetrics, StreamingDetector detector, Vertx vertx, AuditConfig config) {
        this.streams = redis.stream(String.class);
        this.parser = parser;
        this.signer = signer;
        this.forgeries = forgeries;
        this.appender = appender;
        this.appendedHead = appendedHead;
        this.metrics = metrics;
        this.alertMetrics = alertMetrics;
        this.detector = detector;
        this.vertx = vertx;
        this.config = config.ingest();
        this.stream = config.stream();
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("audit stream ingest is disabled");
            return;
        }
        running = true;
        String replica = config.consumerName().orElseGet(() -> System.getenv().getOrDefault("HOSTNAME", "audit"))
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < Math.max(1, config.consumers()); i++) {
            ConsumerLoop loop = new ConsumerLoop(replica + "-" + i);
            loops.add(loop);
            loop.schedule(0);
        }
        LOG.infof("consuming %s as group %s with %d consumer(s) named %s-*", stream, config.group(), loops.size(), replica);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        for (ConsumerLoop loop : loops) {
            try {
                loop.stopped.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warnf("consumer %s did not finish its batch in time; its entries stay pending and will be claimed", loop.consumer);
            } catch (ExecutionException e) {
                LOG.debug("consumer loop ended with a failure", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A loggable description of a failure: Redis errors carry their short server or client message;
     * database errors only their type (their messages may quote SQL and values).
     */
    static String describe(Throwable failure) {
        String type = failure.getClass().getSimpleName();
        if (failure.getClass().getName().startsWith("io.vertx.redis") && failure.getMessage() != null) {
            String message = failure.getMessage().strip();
            return type + ": " + (message.length() > 120 ? message.substring(0, 120) : message);
        }
        return type;
    }

    /** One consumer of the group, iterating until shutdown. */
    private final class ConsumerLoop {

        final String consumer;
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        boolean groupReady;
        boolean ownPendingFirst;
        long nextClaimAt = System.nanoTime();

        ConsumerLoop(String consumer) {
            this.consumer = consumer;
        }

        void schedule(long delayMillis) {
            if (!running) {
                stopped.complete(null);
                return;
            }
            if (delayMillis > 0) {
                vertx.setTimer(delayMillis, id -> runIteration());
            } else {
                runIteration();
            }
        }

        void runIteration() {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            Executor onContext = task -> context.runOnContext(ignored -> task.run());
            context.runOnContext(ignored -> iteration(onContext).subscribe().with(
                    // a partial batch: let the next one gather more entries (a full one: a backlog, go on at once)
                    count -> schedule(count > 0 && count < config.batchSize() ? config.linger().toMillis() : 0),
                    failure -> {
                        groupReady = false;
                        ownPendingFirst = true;
                        if (running) {
                            LOG.warnf("audit ingest iteration of %s failed (%s); entries stay pending, retrying in %s",
                                    consumer, describe(failure), config.retryBackoff());
                            LOG.debug("audit ingest failure", failure);
                        }
                        schedule(config.retryBackoff().toMillis());
                    }));
        }

        Uni<Integer> iteration(Executor onContext) {
            Uni<Void> ready = groupReady ? Uni.createFrom().voidItem() : ensureGroup().invoke(() -> groupReady = true);
            return ready.flatMap(v -> fetch())
                    .emitOn(onContext)
                    .flatMap(messages -> process(messages, onContext));
        }

        Uni<Void> ensureGroup() {
            return streams.xgroupCreate(stream, config.group(), "0", new XGroupCreateArgs().mkstream())
                    .onFailure(e -> String.valueOf(e.getMessage()).contains("BUSYGROUP")).recoverWithNull()
                    .replaceWithVoid();
        }

        Uni<List<StreamMessage<String, String, String>>> fetch() {
            if (ownPendingFirst) {
                // after a failure: this consumer's own delivered-but-unacknowledged entries, oldest first
                return streams.xreadgroup(config.group(), consumer, stream, OWN_PENDING,
                                new XReadGroupArgs().count(config.batchSize()))
                        .invoke(own -> ownPendingFirst = own != null && !own.isEmpty());
            }
            long now = System.nanoTime();
            if (now >= nextClaimAt) {
                nextClaimAt = now + config.claimInterval().toNanos();
                return streams.xautoclaim(stream, config.group(), consumer, config.claimMinIdle(), CLAIM_START, config.batchSize())
                        .map(ClaimedMessages::getMessages)
                        .invoke(claimed -> {
                            if (claimed != null && !claimed.isEmpty()) {
                                LOG.infof("consumer %s claimed %d idle pending entries", consumer, claimed.size());
                                LOG.debugf("claimed ids %s", claimed.stream().map(StreamMessage::id).toList());
                            }
                        });
            }
            return streams.xreadgroup(config.group(), consumer, stream, ">",
                    new XReadGroupArgs().count(config.batchSize()).block(config.block()));
        }

        Uni<Integer> process(List<StreamMessage<String, String, String>> messages, Executor onContext) {
            if (messages == null || messages.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<String> ids = new ArrayList<>(messages.size());
            List<EventRecord> valid = new ArrayList<>();
            List<Map<String, String>> dead = new ArrayList<>();
            List<Map<String, String>> forged = new ArrayList<>();
            for (StreamMessage<String, String, String> message : messages) {
                ids.add(message.id());
                Map<String, String> payload = message.payload();
                if (payload == null) {
                    continue; // deleted from the stream while pending: nothing to store
                }
                String raw = payload.get(EVENT_FIELD);
                StreamEntrySigner.Checked checked = signer.check(raw,
                        payload.get(StreamEntrySigner.KEY_ID), payload.get(StreamEntrySigner.SIGNATURE));
                if (!checked.authentic()) {
                    forged.add(deadLetter(message.id(), raw, checked.error()));
                    continue;
                }
                EventParser.Result result = parser.parse(raw);
                if (!result.valid()) {
                    dead.add(deadLetter(message.id(), raw, result.error()));
                } else if (!result.event().source().equals(checked.source())) {
                    forged.add(deadLetter(message.id(), raw, "the entry's source " + result.event().source()
                            + " is not the service its key belongs to (" + checked.source() + ")"));
                } else {
                    valid.add(result.event());
                }
            }
            dead.addAll(forged);
            Uni<ChainAppender.Appended> stored = valid.isEmpty()
                    ? Uni.createFrom().item(new ChainAppender.Appended(List.of(), 0))
                    : appender.append(valid);
            return stored
                    .emitOn(onContext)
                    .invoke(this::record)
                    // the streaming rules see the batch once it is committed and before it is acknowledged
                    .flatMap(appended -> detector.observe(valid).emitOn(onContext).replaceWith(appended))
                    .flatMap(appended -> moveToDeadLetter(dead).replaceWith(appended))
                    .flatMap(appended -> forged.isEmpty() ? Uni.createFrom().item(appended)
                            : forgeries.raise(forged.size(), forged.get(0).get("sourceId"), forged.get(0).get("error"))
                                    .emitOn(onContext).replaceWith(appended))
                    .flatMap(appended -> streams.xack(stream, config.group(), ids.toArray(String[]::new)))
                    .invoke(acked -> {
                        if (acked != ids.size()) {
                            // another consumer claimed and acknowledged them first (a batch slower than claim-min-idle)
                            LOG.debugf("consumer %s acknowledged %d of %d entries", consumer, acked, ids.size());
                        }
                    })
                    .replaceWith(messages.size());
        }

        private void record(ChainAppender.Appended appended) {
            List<AuditEvent> rows = appended.stored();
            if (!rows.isEmpty()) {
                AuditEvent last = rows.get(rows.size() - 1);
                metrics.stored(rows.size(), last.seq, last.occurredAt);
                appendedHead.committed(last.seq, last.hash);
                for (AuditEvent row : rows) {
                    if (EventParser.ALERT_RAISED.equals(row.action)) {
                        alertMetrics.raised(row);
                    }
                }
            }
            if (appended.duplicates() > 0) {
                metrics.duplicates(appended.duplicates());
            }
        }

        private Map<String, String> deadLetter(String id, String raw, String error) {
            String value = raw == null ? "" : raw;
            if (value.length() > config.deadLetterMaxChars()) {
                value = value.substring(0, config.deadLetterMaxChars());
            }
            LOG.warnf("audit stream entry %s rejected: %s", id, error);
            return Map.of(EVENT_FIELD, value, "error", error, "sourceId", id, "consumer", consumer,
                    "at", Instant.now().toString());
        }

        private Uni<Void> moveToDeadLetter(List<Map<String, String>> dead) {
            if (dead.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<Uni<String>> adds = dead.stream().map(entry -> streams.xadd(config.deadLetterStream(), entry)).toList();
            return Uni.join().all(adds).andFailFast().invoke(added -> metrics.deadLettered(added.size())).replaceWithVoid();
        }
    }
}
