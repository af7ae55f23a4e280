package com.waybillguard.waybill.policy;

/** How one party field appears in a view. */
public enum Disposition {
    /** The value as stored. */
    FULL,
    /** Masked per GB/T 41833-2022 (names and phones only). */
    MASKED,
    /** Absent from the JSON. */
    HIDDEN
}
