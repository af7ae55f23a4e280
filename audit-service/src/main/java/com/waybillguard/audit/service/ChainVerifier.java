package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.domain.AuditEvent;
import com.waybillguard.audit.domain.CanonicalJson;
import com.waybillguard.audit.domain.ChainHash;
import com.waybillguard.audit.domain.ChainHead;
import com.waybillguard.audit.repository.AuditEventRepository;
import com.waybillguard.audit.repository.ChainHeadRepository;
import com.waybillguard.audit.domain.VerifyResult;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * Recomputes the chain from the stored columns (not from the stored canonical text), so that an
 * UPDATE of any hashed column, a deleted row, or a rewritten link is found. Reads in keyset pages.
 *
 * <p>Seqs removed by retention (whole dropped partitions, recorded in {@code audit_retention_gap}
 * and anchored by a {@code RETENTION_APPLIED} chain event, see {@link RetentionGaps}) are skipped:
 * the first stored event after such a gap must carry the recorded hash of the last dropped event
 * as its {@code prevHash}. Any other missing seq is a break.
 */
@ApplicationScoped
public class ChainVerifier {

    private static final String GAPS = """
            SELECT g.from_seq, g.to_seq, g.last_hash, g.record_seq, e.reason
            FROM audit_retention_gap g LEFT JOIN audit_event e ON e.seq = g.record_seq
            ORDER BY g.from_seq""";

    private final AuditEventRepository events;
    private final ChainHeadRepository heads;
    private final int pageSize;

    public ChainVerifier(AuditEventRepository events, ChainHeadRepository heads, AuditConfig config) {
        this.events = events;
        this.heads = heads;
        this.pageSize = Math.max(1, config.query().verifyPageSize());
    }

    /** Where the walk has got to. */
    private record Walk(long nextSeq, String prevHash, long checked, Long brokenSeq) {
        Walk broken(long seq) {
            return new Walk(nextSeq, prevHash, checked, seq);
        }
    }

    /** Verifies {@code fromSeq..toSeq} (defaults: the whole chain; {@code toSeq} is capped at the head). */
    @WithSession
    public Uni<VerifyResult> verify(Long fromSeq, Long toSeq) {
        return heads.head().flatMap(head -> gaps().flatMap(gaps -> {
            long from = fromSeq == null ? 1 : fromSeq;
            long to = toSeq == null ? head.seq : Math.min(toSeq, head.seq);
            RetentionGaps.Gap skipped = gaps.containing(from);
            long start = skipped == null ? from : skipped.toSeq() + 1;
            if (start > to) {
                return Uni.createFrom().item(new VerifyResult(true, 0, null, head.hash, head.seq, from, to));
            }
            RetentionGaps.Gap before = start == 1 ? null : gaps.containing(start - 1);
            Uni<String> prevHash = start == 1 ? Uni.createFrom().item(ChainHash.GENESIS)
                    : before != null ? Uni.createFrom().item(before.lastHash())
                    : events.hashAt(start - 1);
            return prevHash
                    .flatMap(prev -> prev == null
                            ? Uni.createFrom().item(new Walk(start, null, 0, start - 1))
                            : walk(new Walk(start, prev, 0, null), to, head, gaps))
                    .map(walk -> new VerifyResult(walk.brokenSeq() == null, walk.checked(), walk.brokenSeq(),
                            head.hash, head.seq, from, to));
        }));
    }

    private Uni<RetentionGaps> gaps() {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(GAPS, Object[].class).getResultList())
                .map(rows -> RetentionGaps.of(rows.stream().map(r -> new RetentionGaps.Row(
                        ((Number) r[0]).longValue(), ((Number) r[1]).longValue(), String.valueOf(r[2]).trim(),
                        ((Number) r[3]).longValue(), r[4] == null ? null : String.valueOf(r[4]))).toList()));
    }

    private Uni<Walk> walk(Walk walk, long to, ChainHead head, RetentionGaps gaps) {
        return events.chainSlice(walk.nextSeq(), to, pageSize).flatMap(rows -> {
            Walk current = check(walk, rows, gaps);
            if (current.brokenSeq() != null) {
                return Uni.createFrom().item(current);
            }
            if (current.nextSeq() > to) {
                boolean headMatches = to != head.seq || head.hash.equals(current.prevHash());
                return Uni.createFrom().item(headMatches ? current : current.broken(head.seq));
            }
            if (rows.size() < pageSize) {
                // nothing stored from nextSeq to `to`: fine only where retention removed it
                RetentionGaps.Gap gap = gaps.containing(current.nextSeq());
                if (gap != null && gap.toSeq() >= to) {
                    return Uni.createFrom().item(current);
                }
                return Uni.createFrom().item(current.broken(gap == null ? current.nextSeq() : gap.toSeq() + 1));
            }
            return Panache.getSession().invoke(Mutiny.Session::clear).flatMap(s -> walk(current, to, head, gaps));
        });
    }

    private static Walk check(Walk walk, List<AuditEvent> rows, RetentionGaps gaps) {
        long expected = walk.nextSeq();
        String prev = walk.prevHash();
        long checked = walk.checked();
        for (AuditEvent row : rows) {
            if (row.seq != expected) {
                RetentionGaps.Gap gap = gaps.containing(expected);
                if (gap == null || gap.toSeq() + 1 != row.seq) {
                    return new Walk(expected, prev, checked, gap == null ? expected : gap.toSeq() + 1);
                }
                // the event after a retention gap links to the recorded hash of the last dropped event
                prev = gap.lastHash();
                expected = row.seq;
            }
            checked++;
            String recomputed = ChainHash.next(row.prevHash, CanonicalJson.of(row.toRecord()));
            if (!row.prevHash.equals(prev) || !recomputed.equals(row.hash)) {
                return new Walk(expected, prev, checked, row.seq);
            }
            prev = row.hash;
            expected++;
        }
        return new Walk(expected, prev, checked, null);
    }
}
