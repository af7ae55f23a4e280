package com.waybillguard.audit.domain;

import java.time.Instant;

/**
 * A signed checkpoint. {@code signature} is base64 Ed25519 over the UTF-8 text
 * {@code seq + "|" + hash + "|" + createdAt} ({@code createdAt} as ISO-8601 UTC).
 */
public record SignedCheckpoint(long id, long seq, String hash, Instant createdAt, String keyId, String algorithm, String signature) {
}
