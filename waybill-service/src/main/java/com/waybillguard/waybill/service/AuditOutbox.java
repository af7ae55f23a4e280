package com.waybillguard.waybill.service;

import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.AuditOutboxEntry;
import com.waybillguard.waybill.mapping.AuditEvent;
import com.waybillguard.waybill.repository.AuditOutboxRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The audit events of admin writes go through a transactional outbox: {@link #record} stores the event in the
 * write's own transaction, so it exists if and only if the write commits; {@link #publish} appends stored events to
 * the audit stream, oldest first, and deletes them once the stream has taken them. The write's request publishes
 * right after its commit; a timer every {@code wg.audit.outbox-interval} publishes whatever a stream outage left
 * behind. An event may reach the stream twice (appended, then the delete lost): audit-service stores it once, by
 * its {@code eventId}.
 */
@ApplicationScoped
public class AuditOutbox {

    private static final Logger LOG = Logger.getLogger(AuditOutbox.class);
    private static final int BATCH = 100;

    private final AuditOutboxRepository entries;
    private final AuditPublisher publisher;
    private final Vertx vertx;
    private final WaybillServiceConfig config;
    private final AtomicBoolean publishing = new AtomicBoolean();
    private long timer = -1;

    public AuditOutbox(AuditOutboxRepository entries, AuditPublisher publisher, Vertx vertx, WaybillServiceConfig config) {
        this.entries = entries;
        this.publisher = publisher;
        this.vertx = vertx;
        this.config = config;
    }

    /** Stores {@code event} in the current transaction (the caller's write). */
    public Uni<Void> record(AuditEvent event) {
        AuditOutboxEntry entry = new AuditOutboxEntry();
        entry.event = publisher.serialize(event);
        entry.createdAt = Instant.now();
        return entries.persist(entry).replaceWithVoid();
    }

    /**
     * Appends the stored events to the stream, oldest first, in batches, until none is left or the stream refuses
     * one (that one and the rest stay for the next try). Answers how many were appended; never fails.
     */
    public Uni<Integer> publish() {
        return Panache.withTransaction(() -> entries.oldestLocked(BATCH).flatMap(this::appendAndDelete))
                .flatMap(appended -> appended == BATCH ? publish().map(more -> appended + more) : Uni.createFrom().item(appended))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("audit outbox not published (%s); retried every %s", failure.getClass().getSimpleName(),
                            config.audit().outboxInterval());
                    return 0;
                });
    }

    private Uni<Integer> appendAndDelete(List<AuditOutboxEntry> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Uni<Void> appended = Uni.createFrom().voidItem();
        for (AuditOutboxEntry entry : batch) {
            appended = appended.chain(() -> publisher.appendSerialized(entry.event));
        }
        return appended.chain(() -> entries.deleteAll(batch.stream().map(e -> e.id).toList())).replaceWith(batch.size());
    }

    void start(@Observes StartupEvent event) {
        long every = config.audit().outboxInterval().toMillis();
        timer = vertx.setPeriodic(every, every, id -> {
            if (!publishing.compareAndSet(false, true)) {
                return;
            }
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> publish().subscribe().with(
                    n -> {
                        publishing.set(false);
                        if (n > 0) {
                            LOG.infof("audit outbox: %d event(s) appended after a delay", n);
                        }
                    },
                    failure -> publishing.set(false)));
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
