package com.waybillguard.waybill.mapping;

import com.waybillguard.waybill.domain.PartyDetails;
import com.waybillguard.waybill.domain.WaybillSummary;
import com.waybillguard.waybill.policy.Disposition;
import com.waybillguard.waybill.policy.Masking;
import com.waybillguard.waybill.policy.PartyField;
import com.waybillguard.waybill.policy.View;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders a waybill through a view: each party field FULL, MASKED or absent. */
@ApplicationScoped
public class WaybillViewMapper {

    /**
     * @param details the personal fields, or {@code null} when the view needs none of them
     */
    public WaybillViewResponse render(WaybillSummary summary, PartyDetails details, String purpose, View view) {
        return new WaybillViewResponse(summary.waybillNo(), summary.status().name(), summary.originOutletId(),
                summary.destinationOutletId(), summary.weightGrams(), summary.itemCategory(),
                summary.pickupCourierId(), summary.deliveryCourierId(), summary.createdAt(), summary.updatedAt(),
                purpose, view.id(),
                party(summary, details, view, PartyField.SENDER_NAME, PartyField.SENDER_PHONE,
                        PartyField.SENDER_PROVINCE, PartyField.SENDER_CITY, PartyField.SENDER_DISTRICT,
                        PartyField.SENDER_DETAIL),
                party(summary, details, view, PartyField.RECEIVER_NAME, PartyField.RECEIVER_PHONE,
                        PartyField.RECEIVER_PROVINCE, PartyField.RECEIVER_CITY, PartyField.RECEIVER_DISTRICT,
                        PartyField.RECEIVER_DETAIL),
                view.disclosure());
    }

    private static WaybillViewResponse.PartyView party(WaybillSummary s, PartyDetails d, View view,
                                                       PartyField name, PartyField phone, PartyField province,
                                                       PartyField city, PartyField district, PartyField detail) {
        WaybillViewResponse.AddressView address = new WaybillViewResponse.AddressView(
                render(s, d, view, province), render(s, d, view, city),
                render(s, d, view, district), render(s, d, view, detail));
        boolean emptyAddress = address.province() == null && address.city() == null
                && address.district() == null && address.detail() == null;
        return new WaybillViewResponse.PartyView(render(s, d, view, name), render(s, d, view, phone),
                emptyAddress ? null : address);
    }

    static String render(WaybillSummary s, PartyDetails d, View view, PartyField field) {
        Disposition disposition = view.of(field);
        if (disposition == Disposition.HIDDEN) {
            return null;
        }
        String value = value(s, d, field);
        if (disposition == Disposition.FULL) {
            return value;
        }
        return switch (field.kind()) {
            case NAME -> Masking.name(value);
            case PHONE -> Masking.phone(value);
            // the policy validator admits MASKED for names and phones only; never leak on a bug
            case REGION, DETAIL -> null;
        };
    }

    private static String value(WaybillSummary s, PartyDetails d, PartyField field) {
        return switch (field) {
            case SENDER_PROVINCE -> s.senderProvince();
            case SENDER_CITY -> s.senderCity();
            case RECEIVER_PROVINCE -> s.receiverProvince();
            case RECEIVER_CITY -> s.receiverCity();
            case SENDER_NAME -> details(d).senderName();
            case SENDER_PHONE -> details(d).senderPhone();
            case SENDER_DISTRICT -> details(d).senderDistrict();
            case SENDER_DETAIL -> details(d).senderDetail();
            case RECEIVER_NAME -> details(d).receiverName();
            case RECEIVER_PHONE -> details(d).receiverPhone();
            case RECEIVER_DISTRICT -> details(d).receiverDistrict();
            case RECEIVER_DETAIL -> details(d).receiverDetail();
        };
    }

    private static PartyDetails details(PartyDetails d) {
        if (d == null) {
            throw new IllegalStateException("view discloses personal fields that were not loaded");
        }
        return d;
    }
}
