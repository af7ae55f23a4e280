package com.waybillguard.waybill.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * What a read needs to decide the view, plus the province and city of both parties (the TRACKING
 * view). Loaded by a projection query, so a TRACKING answer never loads names, phones or details.
 */
@RegisterForReflection
public record WaybillSummary(
        String waybillNo,
        WaybillStatus status,
        String originOutletId,
        String destinationOutletId,
        int weightGrams,
        String itemCategory,
        String pickupCourierId,
        String deliveryCourierId,
        boolean canary,
        Instant createdAt,
        Instant updatedAt,
        String senderProvince,
        String senderCity,
        String receiverProvince,
        String receiverCity) {
}
