package com.waybillguard.audit.repository;

import com.waybillguard.audit.domain.Checkpoint;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Signed checkpoints. */
@ApplicationScoped
@WithSession
public class CheckpointRepository implements PanacheRepositoryBase<Checkpoint, Long> {

    /** A page of checkpoints, newest first. */
    public Uni<List<Checkpoint>> newest(int offset, int limit) {
        return find("order by createdAt desc, id desc").range(offset, offset + limit - 1).list();
    }
}
