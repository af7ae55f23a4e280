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

    @Test
    void fixedDemoNumbers() {
        DemoWaybill first = waybills.get(0);
        assertEquals("YT0000000001", first.waybillNo());
        assertEquals(WaybillStatus.IN_TRANSIT, first.status());
        assertEquals("HD-YN", first.originOutletId());
        assertEquals("HD-JZ", first.destinationOutletId());
        DemoWaybill second = waybills.get(1);
        assertEquals("YT0000000002", second.waybillNo());
        assertEquals(WaybillStatus.CREATED, second.status());
        assertEquals("C-1001", second.pickupCourierId());
        DemoWaybill third = waybills.get(2);
        assertEquals(WaybillStatus.OUT_FOR_DELIVERY, third.status());
        assertEquals("HD-JZ", third.destinationOutletId());
        assertEquals("C-1002", third.deliveryCourierId());
        assertTrue(waybills.get(4).canary());
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
        assertTrue(waybills.stream().filter(DemoWaybill::canary).count() >= 5);
        assertTrue(waybills.stream().anyMatch(w -> w.sender().name().length() == 2));
        assertTrue(waybills.stream().anyMatch(w -> w.sender().name().length() == 3));
        assertTrue(waybills.stream().filter(w -> w.status() == WaybillStatus.CREATED
                && "C-1001".equals(w.pickupCourierId()) && "HD-YN".equals(w.originOutletId())).count() > 20);
        assertTrue(waybills.stream().filter(w -> w.status() == WaybillStatus.OUT_FOR_DELIVERY
                && "C-1002".equals(w.deliveryCourierId()) && "HD-JZ".equals(w.destinationOutletId())).count() > 20);
    }
}
