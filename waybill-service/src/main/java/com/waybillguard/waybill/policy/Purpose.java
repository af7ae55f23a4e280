package com.waybillguard.waybill.policy;

/** Purposes a grant can name (docs/api.md, "Grants"; which role may use which: "Field policy and masking"). */
public enum Purpose {
    COUNTER_ACCEPT, COUNTER_INQUIRY, PICKUP, DELIVERY, CUSTOMER_SERVICE
}
