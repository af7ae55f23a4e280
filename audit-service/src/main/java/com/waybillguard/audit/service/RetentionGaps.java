package com.waybillguard.audit.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seq ranges retention removed, as verify uses them: runs recorded in
 * {@code audit_retention_gap} that are anchored in the chain, merged where adjacent. Each
 * {@code RETENTION_APPLIED} record carries {@code gapsDigest}, the digest of every run recorded up to
 * and including its own drop. The runs are anchored when the newest stored record's digest equals the
 * digest of the runs whose record seq is not after it; runs that name a later record are ignored. So
 * a forged or altered gap row cannot hide a deleted event: verify then reports the missing seq.
 */
final class RetentionGaps {

    private static final Pattern DIGEST = Pattern.compile("gapsDigest=([0-9a-f]{64})");

    /** A merged range of removed seqs and the hash of its last event. */
    record Gap(long fromSeq, long toSeq, String lastHash) {
    }

    /** One stored gap row with its record's reason (null when the record is not stored). */
    record Row(long fromSeq, long toSeq, String lastHash, long recordSeq, String recordReason) {
    }

    static final RetentionGaps NONE = new RetentionGaps(new TreeMap<>());

    private final TreeMap<Long, Gap> gaps;

    private RetentionGaps(TreeMap<Long, Gap> gaps) {
        this.gaps = gaps;
    }

    static RetentionGaps of(List<Row> rows) {
        Row newest = null;
        for (Row row : rows) {
            if (row.recordReason() != null && (newest == null || row.recordSeq() > newest.recordSeq())) {
                newest = row;
            }
        }
        if (newest == null) {
            return NONE;
        }
        Matcher m = DIGEST.matcher(newest.recordReason());
        long newestSeq = newest.recordSeq();
        List<Row> anchored = new ArrayList<>(rows.stream().filter(r -> r.recordSeq() <= newestSeq).toList());
        anchored.sort((a, b) -> Long.compare(a.fromSeq(), b.fromSeq()));
        String digest = RetentionService.gapsDigest(anchored.stream()
                .map(r -> new RetentionService.Run(r.fromSeq(), r.toSeq(), 0, r.lastHash())).toList());
        if (!m.find() || !m.group(1).equals(digest)) {
            return NONE;
        }
        anchored.sort((a, b) -> Long.compare(a.fromSeq(), b.fromSeq()));
        TreeMap<Long, Gap> merged = new TreeMap<>();
        Gap current = null;
        for (Row row : anchored) {
            if (current != null && row.fromSeq() == current.toSeq() + 1) {
                current = new Gap(current.fromSeq(), row.toSeq(), row.lastHash());
            } else {
                if (current != null) {
                    merged.put(current.fromSeq(), current);
                }
                current = new Gap(row.fromSeq(), row.toSeq(), row.lastHash());
            }
        }
        if (current != null) {
            merged.put(current.fromSeq(), current);
        }
        return new RetentionGaps(merged);
    }

    /** The merged gaps that overlap {@code fromSeq..toSeq}, in seq order. */
    List<Gap> overlapping(long fromSeq, long toSeq) {
        return gaps.values().stream().filter(g -> g.toSeq() >= fromSeq && g.fromSeq() <= toSeq).toList();
    }

    /** The merged gap containing {@code seq}, or null. */
    Gap containing(long seq) {
        Map.Entry<Long, Gap> entry = gaps.floorEntry(seq);
        return entry != null && entry.getValue().toSeq() >= seq ? entry.getValue() : null;
    }
}
