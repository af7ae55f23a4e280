package com.waybillguard.audit.service;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Writes a signed checkpoint every {@code wg.audit.checkpoint.every} (at least once a minute by default). */
@ApplicationScoped
public class CheckpointScheduler {

    private static final Logger LOG = Logger.getLogger(CheckpointScheduler.class);

    private final CheckpointService checkpoints;
    private final Vertx vertx;

    public CheckpointScheduler(CheckpointService checkpoints, Vertx vertx) {
        this.checkpoints = checkpoints;
        this.vertx = vertx;
    }

    @Scheduled(every = "${wg.audit.checkpoint.every}", delayed = "${wg.audit.jobs-start-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkpoint() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> checkpoints.create().subscribe().with(
                created -> LOG.debugf("checkpoint at seq %d", created.seq()),
                failure -> LOG.warnf("could not write a checkpoint (%s)", failure.getClass().getSimpleName())));
    }
}
