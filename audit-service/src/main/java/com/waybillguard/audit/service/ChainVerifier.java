package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.domain.AuditEvent;
import com.waybillguard.audit.domain.CanonicalJson;
import com.waybillguard.audit.domain.ChainHash;
import com.waybillguard.audit.domain.ChainHead;
import com.waybillguard.audit.repository.AuditEventRepository;
import com.waybillguard.audit.repository.ChainHeadRepository;
import com.waybillguard.audit.rest.dto.VerifyResult;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * Recomputes the chain from the stored columns (not from the stored canonical text), so that an
 * UPDATE of any hashed column, a deleted row, or a rewritten link is found. Reads in keyset pages.
 */
@ApplicationScoped
public class ChainVerifier {

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
        return heads.head().flatMap(head -> {
            long from = fromSeq == null ? 1 : fromSeq;
            long to = toSeq == null ? head.seq : Math.min(toSeq, head.seq);
            if (from > to) {
                return Uni.createFrom().item(new VerifyResult(true, 0, null, head.hash, head.seq, from, to));
            }
            Uni<String> start = from == 1 ? Uni.createFrom().item(ChainHash.GENESIS) : events.hashAt(from - 1);
            return start
                    .flatMap(prev -> prev == null
                            ? Uni.createFrom().item(new Walk(from, null, 0, from - 1))
                            : walk(new Walk(from, prev, 0, null), to, head))
                    .map(walk -> new VerifyResult(walk.brokenSeq() == null, walk.checked(), walk.brokenSeq(),
                            head.hash, head.seq, from, to));
        });
    }

    private Uni<Walk> walk(Walk walk, long to, ChainHead head) {
        return events.chainSlice(walk.nextSeq(), to, pageSize).flatMap(rows -> {
            Walk current = check(walk, rows);
            if (current.brokenSeq() != null) {
                return Uni.createFrom().item(current);
            }
            if (current.nextSeq() > to) {
                boolean headMatches = to != head.seq || head.hash.equals(current.prevHash());
                return Uni.createFrom().item(headMatches ? current : current.broken(head.seq));
            }
            if (rows.size() < pageSize) {
                return Uni.createFrom().item(current.broken(current.nextSeq()));
            }
            return Panache.getSession().invoke(Mutiny.Session::clear).flatMap(s -> walk(current, to, head));
        });
    }

    private static Walk check(Walk walk, List<AuditEvent> rows) {
        long expected = walk.nextSeq();
        String prev = walk.prevHash();
        long checked = walk.checked();
        for (AuditEvent row : rows) {
            if (row.seq != expected) {
                return new Walk(expected, prev, checked, expected);
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
