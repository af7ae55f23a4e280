package com.waybillguard.audit.repository;

import com.waybillguard.audit.domain.ChainHead;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** The chain head row. */
@ApplicationScoped
@WithSession
public class ChainHeadRepository implements PanacheRepositoryBase<ChainHead, Short> {

    /** The head, locked ({@code SELECT ... FOR UPDATE}) until the surrounding transaction ends. */
    public Uni<ChainHead> lockHead() {
        return findById(ChainHead.ID, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The head, unlocked. */
    public Uni<ChainHead> head() {
        return findById(ChainHead.ID);
    }
}
