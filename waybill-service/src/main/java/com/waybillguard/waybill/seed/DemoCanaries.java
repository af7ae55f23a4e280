package com.waybillguard.waybill.seed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Picks the demo canaries: a few generated waybills, never a fixed demo case, chosen by the random source the
 * seeder passes (a {@code SecureRandom}), so which ones they are is in no source file, document or log.
 */
final class DemoCanaries {

    private DemoCanaries() {
    }

    /**
     * The numbers of {@code count} waybills picked uniformly among {@code waybills} after the fixed demo cases
     * (all of them if there are fewer).
     */
    static Set<String> pick(List<DemoWaybill> waybills, int count, Random random) {
        List<String> candidates = new ArrayList<>();
        for (int i = DemoWaybillGenerator.fixedCases(); i < waybills.size(); i++) {
            candidates.add(waybills.get(i).waybillNo());
        }
        int picked = Math.min(count, candidates.size());
        // a partial Fisher-Yates shuffle: the first `picked` positions are a uniform random choice
        for (int i = 0; i < picked; i++) {
            Collections.swap(candidates, i, i + random.nextInt(candidates.size() - i));
        }
        return new HashSet<>(candidates.subList(0, picked));
    }
}
