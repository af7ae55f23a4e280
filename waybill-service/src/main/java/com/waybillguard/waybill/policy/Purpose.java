package com.waybillguard.waybill.policy;

/** Purposes a grant can name (DESIGN.md section 4). */
public enum Purpose {
    COUNTER_ACCEPT, COUNTER_INQUIRY, PICKUP, DELIVERY, CUSTOMER_SERVICE
}
