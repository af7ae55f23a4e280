package com.waybillguard.audit.repository;

import com.waybillguard.audit.domain.Checkpoint;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Signed checkpoints. Their seqs never decrease with their ids: each is written under the chain head's lock. */
@ApplicationScoped
@WithSession
public class CheckpointRepository implements PanacheRepositoryBase<Checkpoint, Long> {

    /** A page of checkpoints, newest first. */
    public Uni<List<Checkpoint>> newest(int offset, int limit) {
        return find("order by id desc").range(offset, offset + limit - 1).list();
    }

    /** The newest checkpoint, or null when none was written. */
    public Uni<Checkpoint> newest() {
        return find("order by id desc").firstResult();
    }

    /** The checkpoints of {@code fromSeq..toSeq}, in the order they were written. */
    public Uni<List<Checkpoint>> between(long fromSeq, long toSeq) {
        return find("seq >= ?1 and seq <= ?2 order by id", fromSeq, toSeq).list();
    }

    /** The last checkpoint written of a seq below {@code seq}, or null. */
    public Uni<Checkpoint> lastBefore(long seq) {
        return find("seq < ?1 order by id desc", seq).firstResult();
    }
}
