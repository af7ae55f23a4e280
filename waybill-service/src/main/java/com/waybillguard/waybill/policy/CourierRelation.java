package com.waybillguard.waybill.policy;

/** Which courier assignment of the waybill must be the caller ({@code actorCourierIs} in the policy file). */
public enum CourierRelation {
    PICKUP, DELIVERY
}
