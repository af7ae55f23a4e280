package com.waybillguard.audit.domain;

import java.util.List;

/** One page of checkpoints, newest first, with the public key that verifies them. */
public record CheckpointPage(List<SignedCheckpoint> items, int page, int size, boolean hasMore, PublicKey publicKey) {

    /** The verifying key: base64 X.509 SubjectPublicKeyInfo. */
    public record PublicKey(String keyId, String algorithm, String spki) {
    }
}
