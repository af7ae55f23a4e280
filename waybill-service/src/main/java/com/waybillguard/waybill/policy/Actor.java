package com.waybillguard.waybill.policy;

/** The reader as the verified grant describes it. */
public record Actor(String sub, String username, String role, String outletId, String courierId) {
}
