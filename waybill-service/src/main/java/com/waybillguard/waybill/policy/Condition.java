package com.waybillguard.waybill.policy;

import com.waybillguard.waybill.domain.Caller;
import com.waybillguard.waybill.domain.WaybillStatus;

import java.util.Objects;
import java.util.Set;

/**
 * The condition for a rule's rich view. Each non-empty set is a requirement; an empty condition
 * always holds.
 *
 * @param actorOutletIs the caller's outlet must be one of these outlets of the waybill (the policy file's key)
 * @param actorCourierIs the caller's courier id must be one of these assignments of the waybill
 * @param statusIn the waybill's status must be one of these
 */
public record Condition(Set<OutletRelation> actorOutletIs, Set<CourierRelation> actorCourierIs,
                        Set<WaybillStatus> statusIn) {

    public Condition {
        actorOutletIs = Set.copyOf(actorOutletIs);
        actorCourierIs = Set.copyOf(actorCourierIs);
        statusIn = Set.copyOf(statusIn);
    }

    public boolean holds(Caller caller, WaybillFacts waybill) {
        if (!statusIn.isEmpty() && !statusIn.contains(waybill.status())) {
            return false;
        }
        if (!actorOutletIs.isEmpty() && actorOutletIs.stream()
                .noneMatch(r -> caller.outletId() != null && caller.outletId().equals(waybill.outlet(r)))) {
            return false;
        }
        return actorCourierIs.isEmpty() || actorCourierIs.stream()
                .anyMatch(r -> caller.courierId() != null && Objects.equals(caller.courierId(), waybill.courier(r)));
    }
}
