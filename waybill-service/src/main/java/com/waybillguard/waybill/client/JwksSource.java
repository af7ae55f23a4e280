package com.waybillguard.waybill.client;

import io.smallrye.mutiny.Uni;

/** Where the grant verification keys come from: a JWK Set document. */
public interface JwksSource {

    /** The JWK Set as text; fails when it cannot be obtained in time. */
    Uni<String> fetch();
}
