package com.waybillguard.audit.domain;

/** Outcome of recomputing the chain over a range of sequence numbers. */
public record VerifyResult(boolean valid, long checked, Long firstBrokenSeq, String head, long headSeq, long fromSeq, long toSeq) {
}
