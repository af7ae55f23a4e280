package com.waybillguard.audit.domain;

import java.util.List;

/**
 * One page of checkpoints, newest first, with the public keys that verify them: {@code publicKey} is the current
 * signing key, {@code keys} every key this service trusts (the current one first, then retired ones).
 */
public record CheckpointPage(List<SignedCheckpoint> items, int page, int size, boolean hasMore, PublicKey publicKey,
                             List<PublicKey> keys) {

    /** A verifying key: base64 X.509 SubjectPublicKeyInfo; {@code keyId} is its RFC 7638 thumbprint. */
    public record PublicKey(String keyId, String algorithm, String spki, boolean current) {
    }
}
