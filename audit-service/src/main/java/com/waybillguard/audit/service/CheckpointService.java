package com.waybillguard.audit.service;

import com.waybillguard.audit.domain.Checkpoint;
import com.waybillguard.audit.mapping.EventMapper;
import com.waybillguard.audit.repository.ChainHeadRepository;
import com.waybillguard.audit.repository.CheckpointRepository;
import com.waybillguard.audit.domain.CheckpointPage;
import com.waybillguard.audit.domain.SignedCheckpoint;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Writes and lists signed checkpoints of the chain head. */
@ApplicationScoped
public class CheckpointService {

    private final ChainHeadRepository heads;
    private final CheckpointRepository checkpoints;
    private final CheckpointSigner signer;

    public CheckpointService(ChainHeadRepository heads, CheckpointRepository checkpoints, CheckpointSigner signer) {
        this.heads = heads;
        this.checkpoints = checkpoints;
        this.signer = signer;
    }

    /** Signs the current chain head and stores the checkpoint. */
    @WithTransaction
    public Uni<SignedCheckpoint> create() {
        return heads.head().flatMap(head -> {
            Checkpoint checkpoint = new Checkpoint();
            checkpoint.seq = head.seq;
            checkpoint.hash = head.hash;
            checkpoint.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            checkpoint.keyId = signer.keyId();
            checkpoint.algorithm = CheckpointSigner.ALGORITHM;
            checkpoint.signature = signer.sign(CheckpointSigner.payload(checkpoint.seq, checkpoint.hash, checkpoint.createdAt));
            return checkpoints.persistAndFlush(checkpoint).map(EventMapper::toView);
        });
    }

    @WithSession
    public Uni<CheckpointPage> list(int page, int size) {
        return checkpoints.newest(page * size, size + 1).map(rows -> {
            List<SignedCheckpoint> items = rows.stream().limit(size).map(EventMapper::toView).toList();
            return new CheckpointPage(items, page, size, rows.size() > size,
                    new CheckpointPage.PublicKey(signer.keyId(), CheckpointSigner.ALGORITHM, signer.publicKeySpki()));
        });
    }
}
