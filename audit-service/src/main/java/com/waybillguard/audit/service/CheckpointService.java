package com.waybillguard.audit.service;

import com.waybillguard.audit.domain.ChainHash;
import com.waybillguard.audit.domain.Checkpoint;
import com.waybillguard.audit.domain.CheckpointPage;
import com.waybillguard.audit.domain.SignedCheckpoint;
import com.waybillguard.audit.mapping.EventMapper;
import com.waybillguard.audit.repository.ChainHeadRepository;
import com.waybillguard.audit.repository.CheckpointRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes and lists signed checkpoints of the chain head. A checkpoint is written under the chain head's lock, so
 * checkpoints and appends do not interleave, and each links to the one before it ({@link Checkpoint#prevDigest}).
 * The service remembers the last checkpoint it wrote, so verify notices when newer ones vanish from the database
 * while it runs. Each checkpoint is also logged: log lines leave the database, and a checkpoint kept outside it
 * is what the offline verifier compares an export with.
 */
@ApplicationScoped
public class CheckpointService {

    private static final Logger LOG = Logger.getLogger(CheckpointService.class);

    private final ChainHeadRepository heads;
    private final CheckpointRepository checkpoints;
    private final CheckpointSigner signer;
    private final AtomicReference<SignedCheckpoint> lastWritten = new AtomicReference<>();

    public CheckpointService(ChainHeadRepository heads, CheckpointRepository checkpoints, CheckpointSigner signer) {
        this.heads = heads;
        this.checkpoints = checkpoints;
        this.signer = signer;
    }

    /** Signs the current chain head and stores the checkpoint; remembered and logged once committed. */
    public Uni<SignedCheckpoint> create() {
        return Panache.withTransaction(() -> heads.lockHead().flatMap(head -> checkpoints.newest().flatMap(previous -> {
            Checkpoint checkpoint = new Checkpoint();
            checkpoint.seq = head.seq;
            checkpoint.hash = head.hash;
            checkpoint.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            checkpoint.prevDigest = previous == null ? ChainHash.GENESIS : previous.digest();
            checkpoint.keyId = signer.keyId();
            checkpoint.algorithm = CheckpointSigner.ALGORITHM;
            checkpoint.signature = signer.sign(checkpoint.signedText());
            return checkpoints.persistAndFlush(checkpoint).map(EventMapper::toView);
        }))).invoke(written -> {
            lastWritten.accumulateAndGet(written, (a, b) -> a == null || b.id() > a.id() ? b : a);
            LOG.infof("checkpoint %d: seq %d hash %s key %s signature %s", written.id(), written.seq(), written.hash(),
                    written.keyId(), written.signature());
        });
    }

    /** The newest checkpoint this process wrote since it started, or null. */
    public SignedCheckpoint lastWritten() {
        return lastWritten.get();
    }

    @WithSession
    public Uni<CheckpointPage> list(int page, int size) {
        return checkpoints.newest(page * size, size + 1).map(rows -> {
            List<SignedCheckpoint> items = rows.stream().limit(size).map(EventMapper::toView).toList();
            List<CheckpointPage.PublicKey> keys = signer.publicKeys();
            return new CheckpointPage(items, page, size, rows.size() > size, keys.get(0), keys);
        });
    }
}
