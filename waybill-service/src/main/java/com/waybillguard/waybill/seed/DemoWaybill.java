package com.waybillguard.waybill.seed;

import com.waybillguard.waybill.domain.WaybillStatus;

import java.time.Instant;

/** One synthetic demo waybill (all personal data invented). */
public record DemoWaybill(String waybillNo, WaybillStatus status, String originOutletId, String destinationOutletId,
                          int weightGrams, String itemCategory, String pickupCourierId, String deliveryCourierId,
                          Party sender, Party receiver, boolean canary, Instant createdAt, Instant updatedAt) {

    /** A synthetic party. */
    public record Party(String name, String phone, String province, String city, String district, String detail) {
    }
}
