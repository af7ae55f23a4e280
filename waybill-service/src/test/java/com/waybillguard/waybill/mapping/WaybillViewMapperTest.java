package com.waybillguard.waybill.mapping;

import com.waybillguard.waybill.domain.PartyDetails;
import com.waybillguard.waybill.domain.WaybillStatus;
import com.waybillguard.waybill.domain.WaybillSummary;
import com.waybillguard.waybill.policy.Disposition;
import com.waybillguard.waybill.policy.PartyField;
import com.waybillguard.waybill.policy.View;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The renderer on its own, with views the policy validator would refuse (a mistake must never leak). */
class WaybillViewMapperTest {

    private static final Instant AT = Instant.parse("2026-11-20T08:00:00Z");
    private static final WaybillSummary SUMMARY = new WaybillSummary("YT0000000001", WaybillStatus.IN_TRANSIT,
            "HD-YN", "HD-JZ", 1200, "DOCUMENTS", "C-1001", "C-1002", false, AT, AT,
            "河北省", "邯郸市", "河北省", "邯郸市");
    private static final PartyDetails DETAILS = new PartyDetails("张三丰", "13812345678", "永年区", "临洺关镇人民路88号",
            "李雷", "13987654321", "鸡泽县", "鸡泽镇建设大街16号");

    private static View every(Disposition disposition) {
        Map<PartyField, Disposition> dispositions = new EnumMap<>(PartyField.class);
        for (PartyField field : PartyField.values()) {
            dispositions.put(field, disposition);
        }
        return new View("TEST", dispositions);
    }

    @Test
    void aMaskedRegionOrDetailIsNeverShown() {
        WaybillViewResponse response = new WaybillViewMapper().render(SUMMARY, DETAILS, "TEST", every(Disposition.MASKED));
        assertEquals("张**", response.sender().name());
        assertEquals("*******5678", response.sender().phone());
        assertEquals("李*", response.receiver().name());
        assertEquals("*******4321", response.receiver().phone());
        // no partial address: masked regions and details render as absent, so the whole address is absent
        assertNull(response.sender().address());
        assertNull(response.receiver().address());
    }

    @Test
    void fullAndHiddenAreShownAndLeftOutAsTheViewSays() {
        WaybillViewResponse full = new WaybillViewMapper().render(SUMMARY, DETAILS, "TEST", every(Disposition.FULL));
        assertEquals("临洺关镇人民路88号", full.sender().address().detail());
        assertEquals("鸡泽县", full.receiver().address().district());
        WaybillViewResponse hidden = new WaybillViewMapper().render(SUMMARY, null, "TEST", every(Disposition.HIDDEN));
        assertNull(hidden.sender().name());
        assertNull(hidden.sender().phone());
        assertNull(hidden.receiver().address());
        assertEquals("HIDDEN", hidden.disclosure().get("sender.name"));
    }
}
