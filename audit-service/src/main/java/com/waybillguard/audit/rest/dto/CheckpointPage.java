package com.waybillguard.audit.rest.dto;

import java.util.List;

/** One page of checkpoints, newest first, with the public key that verifies them. */
public record CheckpointPage(List<CheckpointView> items, int page, int size, boolean hasMore, PublicKeyView publicKey) {

    /** The verifying key: base64 X.509 SubjectPublicKeyInfo. */
    public record PublicKeyView(String keyId, String algorithm, String spki) {
    }
}
