package com.waybillguard.waybill.policy;

/** Which outlet of the waybill the caller's outlet must be ({@code actorOutletIs} in the policy file). */
public enum OutletRelation {
    ORIGIN, DESTINATION
}
