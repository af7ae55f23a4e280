package com.waybillguard.waybill.policy;

/** Which courier assignment of the waybill must be the actor. */
public enum CourierRelation {
    PICKUP, DELIVERY
}
