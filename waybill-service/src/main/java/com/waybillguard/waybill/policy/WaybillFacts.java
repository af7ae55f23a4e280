package com.waybillguard.waybill.policy;

import com.waybillguard.waybill.domain.WaybillStatus;

/** The non-personal facts of a waybill that conditions look at. */
public record WaybillFacts(WaybillStatus status, String originOutletId, String destinationOutletId,
                           String pickupCourierId, String deliveryCourierId) {

    public String outlet(OutletRelation relation) {
        return switch (relation) {
            case ORIGIN -> originOutletId;
            case DESTINATION -> destinationOutletId;
        };
    }

    public String courier(CourierRelation relation) {
        return switch (relation) {
            case PICKUP -> pickupCourierId;
            case DELIVERY -> deliveryCourierId;
        };
    }
}
