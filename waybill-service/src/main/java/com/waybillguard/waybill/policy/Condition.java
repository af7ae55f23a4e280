package com.waybillguard.waybill.policy;

import com.waybillguard.waybill.domain.WaybillStatus;

import java.util.Objects;
import java.util.Set;

/**
 * The condition for a rule's rich view. Each non-empty set is a requirement; an empty condition
 * always holds.
 *
 * @param actorOutletIs the actor's outlet must be one of these outlets of the waybill
 * @param actorCourierIs the actor's courier id must be one of these assignments of the waybill
 * @param statusIn the waybill's status must be one of these
 */
public record Condition(Set<OutletRelation> actorOutletIs, Set<CourierRelation> actorCourierIs,
                        Set<WaybillStatus> statusIn) {

    public Condition {
        actorOutletIs = Set.copyOf(actorOutletIs);
        actorCourierIs = Set.copyOf(actorCourierIs);
        statusIn = Set.copyOf(statusIn);
    }

    public boolean holds(Actor actor, WaybillFacts waybill) {
        if (!statusIn.isEmpty() && !statusIn.contains(waybill.status())) {
            return false;
        }
        if (!actorOutletIs.isEmpty() && actorOutletIs.stream()
                .noneMatch(r -> actor.outletId() != null && actor.outletId().equals(waybill.outlet(r)))) {
            return false;
        }
        return actorCourierIs.isEmpty() || actorCourierIs.stream()
                .anyMatch(r -> actor.courierId() != null && Objects.equals(actor.courierId(), waybill.courier(r)));
    }
}
