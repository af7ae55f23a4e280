package com.waybillguard.waybill.policy;

/** Outcome of evaluating the field policy for one read. */
public sealed interface Decision {

    /** The read is answered with {@code view}. */
    record Allow(Rule rule, View view) implements Decision {
    }

    /** The read is refused. */
    record Deny(DenyReason reason) implements Decision {
    }

    enum DenyReason {
        /** The purpose is not allowed for the grant's role. */
        PURPOSE_NOT_ALLOWED,
        /** The account has no relation to the parcel and the purpose has no fallback view. */
        OUT_OF_SCOPE
    }
}
