package com.waybillguard.waybill.seed;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCanariesTest {

    private final List<DemoWaybill> waybills = new DemoWaybillGenerator(20261128L).generate(2000);
    private final Set<String> fixed = waybills.subList(0, DemoWaybillGenerator.fixedCases()).stream()
            .map(DemoWaybill::waybillNo).collect(Collectors.toSet());

    @Test
    void picksTheAskedNumberAmongTheGeneratedOnly() {
        for (int round = 0; round < 200; round++) {
            Set<String> canaries = DemoCanaries.pick(waybills, 5, new SecureRandom());
            assertEquals(5, canaries.size());
            assertTrue(canaries.stream().noneMatch(fixed::contains), "a fixed demo case was picked: " + canaries);
        }
    }

    @Test
    void differentAtEverySeeding() {
        // 5 of 1 990: two equal picks in a row are as likely as never
        assertNotEquals(DemoCanaries.pick(waybills, 5, new SecureRandom()),
                DemoCanaries.pick(waybills, 5, new SecureRandom()));
    }

    @Test
    void everyGeneratedWaybillCanBePicked() {
        // a picker that always answers 0 takes the candidates in order; one that always answers the last takes
        // them from the end: both ends of the candidate list are reachable, the fixed cases are not
        Random first = new Random() {
            @Override
            public int nextInt(int bound) {
                return 0;
            }
        };
        assertEquals(Set.of(waybills.get(DemoWaybillGenerator.fixedCases()).waybillNo()),
                DemoCanaries.pick(waybills, 1, first));
        Random last = new Random() {
            @Override
            public int nextInt(int bound) {
                return bound - 1;
            }
        };
        assertEquals(Set.of(waybills.get(waybills.size() - 1).waybillNo()), DemoCanaries.pick(waybills, 1, last));
    }

    @Test
    void noneAskedOrNoneToPickFrom() {
        assertEquals(Set.of(), DemoCanaries.pick(waybills, 0, new SecureRandom()));
        assertEquals(Set.of(), DemoCanaries.pick(waybills.subList(0, DemoWaybillGenerator.fixedCases()), 5,
                new SecureRandom()));
        assertEquals(3, DemoCanaries.pick(waybills.subList(0, DemoWaybillGenerator.fixedCases() + 3), 5,
                new SecureRandom()).size());
    }
}
