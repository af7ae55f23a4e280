package com.waybillguard.waybill.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/** A read answer (docs/api.md, "Reads"). HIDDEN party fields are absent. */
public record WaybillViewResponse(String waybillNo, String status, String originOutletId,
                                  String destinationOutletId, int weightGrams, String itemCategory,
                                  String pickupCourierId, String deliveryCourierId, Instant createdAt,
                                  Instant updatedAt, String purpose, String view, PartyView sender,
                                  PartyView receiver, Map<String, String> disclosure) {

    /** One party as disclosed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartyView(String name, String phone, AddressView address) {
    }

    /** An address as disclosed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AddressView(String province, String city, String district, String detail) {
    }
}
