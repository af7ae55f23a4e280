package com.waybillguard.audit.domain;

/**
 * Outcome of verifying the chain over {@code fromSeq..toSeq}: every event recomputed, every signed checkpoint of the
 * range checked (signature by a trusted key, link to the checkpoint before it, hash of the chain at its seq), and the
 * newest checkpoint checked against what is stored. {@code firstBrokenSeq} is the first seq the evidence no longer
 * vouches for and {@code reason} says why (both null when valid); {@code checkpoints} counts the checkpoints checked.
 */
public record VerifyResult(boolean valid, long checked, Long firstBrokenSeq, String head, long headSeq, long fromSeq,
                           long toSeq, long checkpoints, String reason) {
}
