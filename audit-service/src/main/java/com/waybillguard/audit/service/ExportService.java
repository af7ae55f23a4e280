package com.waybillguard.audit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.domain.AuditEvent;
import com.waybillguard.audit.domain.CanonicalJson;
import com.waybillguard.audit.domain.ChainHead;
import com.waybillguard.audit.domain.Checkpoint;
import com.waybillguard.audit.domain.ProblemException;
import com.waybillguard.audit.repository.AuditEventRepository;
import com.waybillguard.audit.repository.ChainHeadRepository;
import com.waybillguard.audit.repository.CheckpointRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The export of a seq range for offline verification (docs/api.md, "Audit export"): NDJSON, one object per line,
 * {@code type} first. An {@code export} header (range, the chain's head, the public keys), then the {@code checkpoint}s
 * a verifier needs (the one before the range, those in it, the newest), the accepted retention {@code gap}s in the
 * range, and every {@code event} in seq order with its {@code prevHash}, {@code hash} and {@code canonical} text,
 * recomputed from the stored columns as verify does: an edited column shows offline as a hash that does not match.
 */
@ApplicationScoped
public class ExportService {

    /** The export format, named in the header. */
    public static final String FORMAT = "wg-audit-export-v1";
    private static final int PAGE = 1000;

    private final ChainHeadRepository heads;
    private final CheckpointRepository checkpoints;
    private final AuditEventRepository events;
    private final ChainVerifier verifier;
    private final CheckpointSigner signer;
    private final ObjectMapper mapper;
    private final int maxEvents;

    public ExportService(ChainHeadRepository heads, CheckpointRepository checkpoints, AuditEventRepository events,
                         ChainVerifier verifier, CheckpointSigner signer, ObjectMapper mapper, AuditConfig config) {
        this.heads = heads;
        this.checkpoints = checkpoints;
        this.events = events;
        this.verifier = verifier;
        this.signer = signer;
        this.mapper = mapper;
        this.maxEvents = config.query().exportMaxEvents();
    }

    /**
     * The export of {@code fromSeq..toSeq} (defaults: from 1, as many as one export holds). A range that is empty,
     * beyond the chain's end or longer than {@code wg.audit.query.export-max-events} is a 400.
     */
    @WithSession
    public Uni<String> export(Long fromSeq, Long toSeq) {
        return heads.head().flatMap(head -> {
            long from = fromSeq == null ? 1 : fromSeq;
            if (head.seq == 0) {
                throw ProblemException.invalidRequest("The chain is empty: there is nothing to export.");
            }
            long to = toSeq == null ? Math.min(head.seq, from + maxEvents - 1) : toSeq;
            if (from > head.seq || to > head.seq) {
                throw ProblemException.invalidRequest("The range reaches beyond the end of the chain (seq " + head.seq + ").");
            }
            if (to - from + 1 > maxEvents) {
                throw ProblemException.invalidRequest("One export holds at most " + maxEvents
                        + " events; export the range in parts (fromSeq, toSeq).");
            }
            StringBuilder out = new StringBuilder();
            return checkpoints.newest().flatMap(newest -> verifier.gaps(newest).flatMap(gaps -> {
                line(out, header(from, to, head));
                return checkpoints.lastBefore(from).flatMap(before -> checkpoints.between(from, to).map(inRange -> {
                    List<Checkpoint> marks = new ArrayList<>();
                    if (before != null) {
                        marks.add(before);
                    }
                    marks.addAll(inRange);
                    if (newest != null && marks.stream().noneMatch(c -> c.id.equals(newest.id))) {
                        marks.add(newest);
                    }
                    marks.forEach(c -> line(out, checkpoint(c)));
                    gaps.overlapping(from, to).forEach(g -> line(out, Map.of("type", "gap", "fromSeq", g.fromSeq(),
                            "toSeq", g.toSeq(), "lastHash", g.lastHash())));
                    return out;
                }));
            })).flatMap(lines -> eventLines(lines, from, to)).map(StringBuilder::toString);
        });
    }

    private Uni<StringBuilder> eventLines(StringBuilder out, long next, long to) {
        if (next > to) {
            return Uni.createFrom().item(out);
        }
        return events.chainSlice(next, to, PAGE).flatMap(rows -> {
            for (AuditEvent row : rows) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("type", "event");
                line.put("seq", row.seq);
                line.put("prevHash", row.prevHash);
                line.put("hash", row.hash);
                line.put("canonical", CanonicalJson.of(row.toRecord()));
                line(out, line);
            }
            if (rows.size() < PAGE) {
                return Uni.createFrom().item(out);
            }
            long after = rows.get(rows.size() - 1).seq + 1;
            return Panache.getSession().invoke(Mutiny.Session::clear).flatMap(s -> eventLines(out, after, to));
        });
    }

    private Map<String, Object> header(long from, long to, ChainHead head) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", "export");
        header.put("format", FORMAT);
        header.put("fromSeq", from);
        header.put("toSeq", to);
        header.put("headSeq", head.seq);
        header.put("headHash", head.hash);
        header.put("exportedAt", Instant.now().toString());
        header.put("keys", signer.publicKeys());
        return header;
    }

    private static Map<String, Object> checkpoint(Checkpoint c) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "checkpoint");
        line.put("id", c.id);
        line.put("seq", c.seq);
        line.put("hash", c.hash);
        line.put("createdAt", c.createdAt.toString());
        line.put("prevDigest", c.prevDigest);
        line.put("keyId", c.keyId);
        line.put("algorithm", c.algorithm);
        line.put("signature", c.signature);
        return line;
    }

    private void line(StringBuilder out, Object value) {
        try {
            out.append(mapper.writeValueAsString(value)).append('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("export line not serialisable", e);
        }
    }
}
