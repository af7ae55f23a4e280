package com.waybillguard.waybill.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The personal fields of both parties, loaded only when the view discloses some of them. */
@RegisterForReflection
public record PartyDetails(
        String senderName,
        String senderPhone,
        String senderDistrict,
        String senderDetail,
        String receiverName,
        String receiverPhone,
        String receiverDistrict,
        String receiverDetail) {
}
