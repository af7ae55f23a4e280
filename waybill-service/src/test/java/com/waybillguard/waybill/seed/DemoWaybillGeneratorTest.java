package com.waybillguard.waybill.seed;

import com.waybillguard.waybill.domain.WaybillNumber;
import com.waybillguard.waybill.domain.WaybillStatus;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoWaybillGeneratorTest {

    private final List<DemoWaybill> waybills = new DemoWaybillGenerator(20261128L).generate(10_000);

    @Test
    void deterministic() {
        assertEquals(waybills, new DemoWaybillGenerator(20261128L).generate(10_000));
    }

    /** The fixed demo cases as the README's "Demo data" table lists them: number, status, route, couriers. */
    private static final String FIXED = """
            YT0000000001 | IN_TRANSIT       | HD-YN  | HD-JZ  | C-1001 | C-1002 | false
            YT0000000002 | CREATED          | HD-YN  | HD-WA  | C-1001 | -      | false
            YT0000000003 | OUT_FOR_DELIVERY | HD-WA  | HD-JZ  | C-1005 | C-1002 | false
            YT0000000004 | DELIVERED        | XT-LY  | XT-SH  | C-1011 | C-1012 | false
            YT0000000005 | IN_TRANSIT       | HD-YN  | HD-JZ  | C-1001 | C-1002 | false
            YT0000000006 | RETURNED         | HD-JZ  | HD-YN  | C-1004 | C-1001 | false
            YT0000000007 | PICKED_UP        | HD-YN  | SJZ-CA | C-1001 | -      | false
            YT0000000008 | CREATED          | HD-JZ  | HD-YN  | C-1004 | -      | false
            YT0000000009 | OUT_FOR_DELIVERY | HD-YN  | HD-JZ  | C-1001 | C-1002 | false
            YT0000000010 | IN_TRANSIT       | BJ-CY  | GZ-TH  | C-2001 | C-2002 | false
            """;

    @Test
    void fixedDemoNumbersAreTheReadmeTable() {
        List<String> rows = FIXED.lines().filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < rows.size(); i++) {
            String[] c = rows.get(i).split("\\s*\\|\\s*");
            DemoWaybill w = waybills.get(i);
            String where = c[0] + ": ";
            assertEquals(c[0].strip(), w.waybillNo(), where + "number");
            assertEquals(WaybillStatus.valueOf(c[1]), w.status(), where + "status");
            assertEquals(c[2], w.originOutletId(), where + "origin");
            assertEquals(c[3], w.destinationOutletId(), where + "destination");
            assertEquals(c[4], w.pickupCourierId(), where + "pickup courier");
            assertEquals("-".equals(c[5]) ? null : c[5], w.deliveryCourierId(), where + "delivery courier");
            assertEquals(Boolean.parseBoolean(c[6].strip()), w.canary(), where + "canary");
        }
        DemoWaybill first = waybills.get(0);
        assertEquals(new DemoWaybill.Party("张三丰", "13812345678", "河北省", "邯郸市", "永年区", "临洺关镇人民路88号"),
                first.sender());
        assertEquals(new DemoWaybill.Party("李雷", "13987654321", "河北省", "邯郸市", "鸡泽县",
                "鸡泽镇建设大街16号幸福小区3栋2单元501室"), first.receiver());
    }

    @Test
    void realisticAndComplete() {
        Set<String> numbers = new HashSet<>();
        for (DemoWaybill w : waybills) {
            assertTrue(WaybillNumber.isValid(w.waybillNo()), w.waybillNo());
            assertTrue(numbers.add(w.waybillNo()), "unique " + w.waybillNo());
            for (DemoWaybill.Party p : List.of(w.sender(), w.receiver())) {
                assertTrue(p.phone().matches("^1[3-9][0-9]{9}$"), p.phone());
                int length = p.name().codePointCount(0, p.name().length());
                assertTrue(length >= 2 && length <= 4, p.name());
            }
        }
        assertEquals(EnumSet.allOf(WaybillStatus.class),
                waybills.stream().map(DemoWaybill::status).collect(Collectors.toCollection(() -> EnumSet.noneOf(WaybillStatus.class))));
        Set<String> outlets = waybills.stream().map(DemoWaybill::originOutletId).collect(Collectors.toSet());
        assertTrue(outlets.size() >= 20 && outlets.containsAll(Set.of("HD-YN", "HD-JZ", "HD-WA", "XT-LY", "XT-SH")));
        // the seeder picks the canaries at random; the generator (whose output is in the source) marks none
        assertEquals(0, waybills.stream().filter(DemoWaybill::canary).count());
        assertTrue(waybills.stream().anyMatch(w -> w.sender().name().length() == 2));
        assertTrue(waybills.stream().anyMatch(w -> w.sender().name().length() == 3));
        assertTrue(waybills.stream().filter(w -> w.status() == WaybillStatus.CREATED
                && "C-1001".equals(w.pickupCourierId()) && "HD-YN".equals(w.originOutletId())).count() > 20);
        assertTrue(waybills.stream().filter(w -> w.status() == WaybillStatus.OUT_FOR_DELIVERY
                && "C-1002".equals(w.deliveryCourierId()) && "HD-JZ".equals(w.destinationOutletId())).count() > 20);
    }
}
