package com.waybillguard.audit.domain;

import java.time.Instant;

/**
 * A signed checkpoint. {@code signature} is base64 Ed25519, by the key {@code keyId}, over the UTF-8 text
 * {@code wg-checkpoint-v2|seq|hash|createdAt|prevDigest} ({@code createdAt} ISO-8601 UTC); {@code prevDigest} is
 * the SHA-256 (hex) of the previous checkpoint's signed text, 64 zeros for the first.
 */
public record SignedCheckpoint(long id, long seq, String hash, Instant createdAt, String prevDigest, String keyId,
                               String algorithm, String signature) {
}
