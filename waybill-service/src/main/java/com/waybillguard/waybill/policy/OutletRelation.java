package com.waybillguard.waybill.policy;

/** Which outlet of the waybill the actor's outlet must be. */
public enum OutletRelation {
    ORIGIN, DESTINATION
}
