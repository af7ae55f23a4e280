package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.domain.AuditEvent;
import com.waybillguard.audit.domain.CanonicalJson;
import com.waybillguard.audit.domain.ChainHash;
import com.waybillguard.audit.domain.ChainHead;
import com.waybillguard.audit.domain.Checkpoint;
import com.waybillguard.audit.domain.ProblemException;
import com.waybillguard.audit.domain.SignedCheckpoint;
import com.waybillguard.audit.domain.VerifyResult;
import com.waybillguard.audit.repository.AuditEventRepository;
import com.waybillguard.audit.repository.ChainHeadRepository;
import com.waybillguard.audit.repository.CheckpointRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * Verifies the chain against the signed checkpoints, not against rows anyone with database access can rewrite.
 *
 * <p>Over the requested range it recomputes every event's hash from the stored columns (so an UPDATE of any hashed
 * column, a deleted row or a rewritten link is found at its seq) and checks every checkpoint of the range in the
 * order written: its signature by a key this service trusts, its link to the checkpoint before it (so a checkpoint
 * cannot be deleted from the middle), and the chain's hash at its seq (so a chain rewritten and rehashed from some
 * event on is found: the first seq after the last checkpoint that still matches is reported). Then the newest
 * stored checkpoint, and the newest one this process wrote (which no database write can take back), must still be
 * covered by the stored events, and so must the newest event this process appended (also kept in memory): deleting
 * the newest events and rewriting the head row is found.
 *
 * <p>Seqs removed by retention are skipped only where {@link RetentionGaps} accepts the recorded gap: anchored by a
 * {@code RETENTION_APPLIED} event that audit-service wrote and that a checkpoint covers.
 */
@ApplicationScoped
public class ChainVerifier {

    private static final String GAPS = """
            SELECT g.from_seq, g.to_seq, g.last_hash, g.record_seq, e.reason
            FROM audit_retention_gap g
            LEFT JOIN audit_event e ON e.seq = g.record_seq AND e.action = :action AND e.source = :source
            ORDER BY g.from_seq""";

    private final AuditEventRepository events;
    private final ChainHeadRepository heads;
    private final CheckpointRepository checkpoints;
    private final CheckpointService checkpointService;
    private final CheckpointSigner signer;
    private final AppendedHead appendedHead;
    private final int pageSize;

    public ChainVerifier(AuditEventRepository events, ChainHeadRepository heads, CheckpointRepository checkpoints,
                         CheckpointService checkpointService, CheckpointSigner signer, AppendedHead appendedHead,
                         AuditConfig config) {
        this.events = events;
        this.heads = heads;
        this.checkpoints = checkpoints;
        this.checkpointService = checkpointService;
        this.signer = signer;
        this.appendedHead = appendedHead;
        this.pageSize = Math.max(1, config.query().verifyPageSize());
    }

    /** The first break found: the first seq no longer vouched for, and why. */
    private record Break(long seq, String reason) {
    }

    /** Where the walk has got to. Mutable: one per verification, used on one context at a time. */
    private static final class Walk {
        long nextSeq;
        String prevHash;
        long checked;
        long checkpointsChecked;
        /** digest of the last checkpoint passed (the next one must link to it); null: none before the range */
        String lastDigest;
        /** the last seq a matching checkpoint vouched for (the range's start - 1 before any) */
        long vouchedSeq;
        Break broken;
    }

    /**
     * Verifies {@code fromSeq..toSeq} (defaults: the whole chain). A range that is empty, or reaches beyond the
     * chain's end, is refused (400), never answered "valid".
     */
    @WithSession
    public Uni<VerifyResult> verify(Long fromSeq, Long toSeq) {
        return heads.head().flatMap(head -> {
            long from = fromSeq == null ? 1 : fromSeq;
            long to = toSeq == null ? head.seq : toSeq;
            if (head.seq == 0 && (fromSeq != null || toSeq != null)) {
                throw ProblemException.invalidRequest("The chain is empty: there is no seq to verify.");
            }
            if (from > head.seq && head.seq > 0) {
                throw ProblemException.invalidRequest("Parameter 'fromSeq' is beyond the end of the chain (seq " + head.seq + ").");
            }
            if (to > head.seq) {
                throw ProblemException.invalidRequest("Parameter 'toSeq' is beyond the end of the chain (seq " + head.seq + ").");
            }
            return checkpoints.newest().flatMap(newest -> gaps(newest).flatMap(gaps -> {
                Walk walk = new Walk();
                walk.vouchedSeq = from - 1;
                Uni<Walk> walked = head.seq == 0 ? Uni.createFrom().item(walk) : start(walk, from, to, gaps)
                        .flatMap(started -> started.broken != null ? Uni.createFrom().item(started) : pages(started, to, head, gaps));
                return walked
                        .flatMap(w -> w.broken != null ? Uni.createFrom().item(w) : anchors(w, to, newest, gaps))
                        .map(w -> new VerifyResult(w.broken == null, w.checked, w.broken == null ? null : w.broken.seq,
                                head.hash, head.seq, head.seq == 0 ? 0 : from, to, w.checkpointsChecked,
                                w.broken == null ? null : w.broken.reason));
            }));
        });
    }

    /** The retention gaps verify may skip: only those a checkpoint-covered audit-service record anchors. */
    Uni<RetentionGaps> gaps(Checkpoint newest) {
        long covered = newest != null && signed(newest) ? newest.seq : 0;
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(GAPS, Object[].class)
                        .setParameter("action", RetentionService.ACTION)
                        .setParameter("source", OwnEvent.SOURCE)
                        .getResultList())
                .map(rows -> RetentionGaps.of(rows.stream()
                        .map(r -> new RetentionGaps.Row(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                                String.valueOf(r[2]).trim(), ((Number) r[3]).longValue(), r[4] == null ? null : String.valueOf(r[4])))
                        .filter(row -> row.recordSeq() <= covered)
                        .toList()));
    }

    /**
     * Sets the walk's start (after a retention gap holding {@code from}): the hash before it, and the checkpoint the
     * first one of the range must link to.
     */
    private Uni<Walk> start(Walk walk, long from, long to, RetentionGaps gaps) {
        RetentionGaps.Gap skipped = gaps.containing(from);
        long start = skipped == null ? from : skipped.toSeq() + 1;
        walk.nextSeq = start;
        RetentionGaps.Gap before = start == 1 ? null : gaps.containing(start - 1);
        Uni<String> prevHash = start == 1 ? Uni.createFrom().item(ChainHash.GENESIS)
                : before != null ? Uni.createFrom().item(before.lastHash())
                : events.hashAt(start - 1);
        return prevHash.flatMap(prev -> {
            if (prev == null) {
                walk.broken = new Break(start - 1, "event " + (start - 1) + " before the range is missing");
                return Uni.createFrom().item(walk);
            }
            walk.prevHash = prev;
            walk.vouchedSeq = start - 1;
            return checkpoints.lastBefore(start).map(predecessor -> {
                if (predecessor != null) {
                    walk.lastDigest = predecessor.digest();
                    if (!signed(predecessor)) {
                        walk.broken = new Break(start, "checkpoint " + predecessor.id + " (seq " + predecessor.seq
                                + ") before the range does not verify with a trusted key");
                    }
                }
                return walk;
            });
        });
    }

    private Uni<Walk> pages(Walk walk, long to, ChainHead head, RetentionGaps gaps) {
        if (walk.nextSeq > to) {
            return Uni.createFrom().item(headMatches(walk, to, head));
        }
        long pageStart = walk.nextSeq;
        return events.chainSlice(pageStart, to, pageSize).flatMap(rows -> {
            long pageEnd = rows.size() < pageSize ? to : rows.get(rows.size() - 1).seq;
            return checkpoints.between(pageStart, pageEnd).flatMap(marks -> {
                check(walk, rows, marks, gaps, pageEnd);
                if (walk.broken != null) {
                    return Uni.createFrom().item(walk);
                }
                if (rows.size() < pageSize) {
                    // nothing stored from nextSeq to `to`: fine only where retention removed it
                    if (walk.nextSeq <= to) {
                        RetentionGaps.Gap gap = gaps.containing(walk.nextSeq);
                        if (gap == null || gap.toSeq() < to) {
                            long missing = gap == null ? walk.nextSeq : gap.toSeq() + 1;
                            walk.broken = new Break(missing, "event " + missing + " is missing");
                            return Uni.createFrom().item(walk);
                        }
                        walk.nextSeq = to + 1;
                    }
                    return Uni.createFrom().item(headMatches(walk, to, head));
                }
                return Panache.getSession().invoke(Mutiny.Session::clear).flatMap(s -> pages(walk, to, head, gaps));
            });
        });
    }

    private static Walk headMatches(Walk walk, long to, ChainHead head) {
        if (to == head.seq && !head.hash.equals(walk.prevHash)) {
            walk.broken = new Break(head.seq, "the head row does not match the chain");
        }
        return walk;
    }

    /** Checks one page of events and the checkpoints of its seqs, in seq order, checkpoints after their event. */
    private void check(Walk walk, List<AuditEvent> rows, List<Checkpoint> marks, RetentionGaps gaps, long pageEnd) {
        int mark = 0;
        for (AuditEvent row : rows) {
            if (row.seq != walk.nextSeq) {
                RetentionGaps.Gap gap = gaps.containing(walk.nextSeq);
                if (gap == null || gap.toSeq() + 1 != row.seq) {
                    long missing = gap == null ? walk.nextSeq : gap.toSeq() + 1;
                    walk.broken = new Break(missing, "event " + missing + " is missing");
                    return;
                }
                // checkpoints written while the dropped events were stored: signature and link still hold
                while (mark < marks.size() && marks.get(mark).seq < row.seq) {
                    Checkpoint inGap = marks.get(mark++);
                    if (!passCheckpoint(walk, inGap, inGap.seq == gap.toSeq() ? gap.lastHash() : inGap.hash)) {
                        return;
                    }
                }
                // the event after a retention gap links to the recorded hash of the last dropped event
                walk.prevHash = gap.lastHash();
                walk.nextSeq = row.seq;
            }
            walk.checked++;
            String recomputed = ChainHash.next(row.prevHash, CanonicalJson.of(row.toRecord()));
            if (!row.prevHash.equals(walk.prevHash) || !recomputed.equals(row.hash)) {
                walk.broken = new Break(row.seq, "event " + row.seq + " does not match its hash or its link");
                return;
            }
            walk.prevHash = row.hash;
            walk.nextSeq++;
            while (mark < marks.size() && marks.get(mark).seq <= row.seq) {
                if (!passCheckpoint(walk, marks.get(mark++), row.hash)) {
                    return;
                }
            }
        }
        // checkpoints of seqs after the last stored event of the page lie in a gap that ends the range
        while (mark < marks.size() && marks.get(mark).seq <= pageEnd) {
            Checkpoint inGap = marks.get(mark++);
            if (!passCheckpoint(walk, inGap, inGap.hash)) {
                return;
            }
        }
    }

    /** Checks one checkpoint against the walk, {@code chainHash} being the chain's hash at its seq. */
    private boolean passCheckpoint(Walk walk, Checkpoint checkpoint, String chainHash) {
        walk.checkpointsChecked++;
        String name = "checkpoint " + checkpoint.id + " (seq " + checkpoint.seq + ", " + checkpoint.createdAt + ")";
        if (!signed(checkpoint)) {
            walk.broken = new Break(checkpoint.seq, name + " does not verify with a trusted key");
        } else if (walk.lastDigest == null ? !ChainHash.GENESIS.equals(checkpoint.prevDigest)
                : !walk.lastDigest.equals(checkpoint.prevDigest)) {
            walk.broken = new Break(checkpoint.seq, name + " does not follow the checkpoint before it: a checkpoint was removed or altered");
        } else if (!checkpoint.hash.equals(chainHash)) {
            walk.broken = new Break(walk.vouchedSeq + 1, "the events after seq " + walk.vouchedSeq + " no longer match " + name);
        } else {
            walk.lastDigest = checkpoint.digest();
            walk.vouchedSeq = checkpoint.seq;
            return true;
        }
        return false;
    }

    /**
     * The newest stored checkpoint and the newest one this process wrote must still be covered by what is stored:
     * a checkpoint beyond the last stored event means events were deleted; one this process wrote that is missing
     * or altered means checkpoints were.
     */
    private Uni<Walk> anchors(Walk walk, long to, Checkpoint newest, RetentionGaps gaps) {
        SignedCheckpoint written = checkpointService.lastWritten();
        if (newest != null && !signed(newest)) {
            walk.broken = new Break(newest.seq, "the newest checkpoint " + newest.id + " does not verify with a trusted key");
            return Uni.createFrom().item(walk);
        }
        if (written != null && (newest == null || newest.id < written.id())) {
            return events.maxSeq().map(max -> {
                walk.broken = new Break(Math.min(written.seq(), max + 1), "checkpoint " + written.id() + " (seq " + written.seq()
                        + "), written by this service at " + written.createdAt() + ", is no longer stored");
                return walk;
            });
        }
        Uni<Walk> checked = Uni.createFrom().item(walk);
        if (written != null) {
            checked = checked.flatMap(w -> w.broken != null ? Uni.createFrom().item(w)
                    : covered(w, to, written.seq(), written.hash(), "checkpoint " + written.id(), gaps));
        }
        if (newest != null) {
            checked = checked.flatMap(w -> w.broken != null ? Uni.createFrom().item(w)
                    : covered(w, to, newest.seq, newest.hash, "the newest checkpoint " + newest.id, gaps));
        }
        AppendedHead.Event appended = appendedHead.newest();
        if (appended != null) {
            checked = checked.flatMap(w -> w.broken != null ? Uni.createFrom().item(w)
                    : covered(w, to, appended.seq(), appended.hash(), "the event this service appended last", gaps));
        }
        return checked;
    }

    /**
     * Whether the event at {@code seq} is stored with the hash a checkpoint signed or this process appended (seq 0: the
     * empty chain); an event removed by an accepted retention gap counts as covered (the gap's own checks hold it).
     */
    private Uni<Walk> covered(Walk walk, long to, long seq, String hash, String name, RetentionGaps gaps) {
        RetentionGaps.Gap dropped = gaps.containing(seq);
        if (seq == 0 || dropped != null && (seq != dropped.toSeq() || dropped.lastHash().equals(hash))) {
            return Uni.createFrom().item(walk);
        }
        return events.hashAt(seq).flatMap(stored -> {
            if (stored != null && stored.equals(hash)) {
                return Uni.createFrom().item(walk);
            }
            if (stored != null) {
                walk.broken = new Break(Math.max(to + 1, walk.vouchedSeq + 1), "the stored chain at seq " + seq + " no longer matches " + name);
                return Uni.createFrom().item(walk);
            }
            return events.maxSeq().map(max -> {
                walk.broken = max < seq
                        ? new Break(max + 1, name + " covers seq " + seq + ", but the events after seq " + max + " are gone")
                        : new Break(seq, name + " covers seq " + seq + ", which is missing");
                return walk;
            });
        });
    }

    private boolean signed(Checkpoint checkpoint) {
        return signer.verify(checkpoint.keyId, checkpoint.signedText(), checkpoint.signature);
    }
}
