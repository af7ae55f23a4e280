package com.waybillguard.waybill.domain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Lifecycle of a parcel and its legal transitions. */
public enum WaybillStatus {
    CREATED, PICKED_UP, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED, RETURNED;

    private static final Map<WaybillStatus, Set<WaybillStatus>> NEXT = new EnumMap<>(WaybillStatus.class);

    static {
        NEXT.put(CREATED, EnumSet.of(PICKED_UP));
        NEXT.put(PICKED_UP, EnumSet.of(IN_TRANSIT));
        NEXT.put(IN_TRANSIT, EnumSet.of(OUT_FOR_DELIVERY, RETURNED));
        NEXT.put(OUT_FOR_DELIVERY, EnumSet.of(DELIVERED, RETURNED));
        NEXT.put(DELIVERED, EnumSet.noneOf(WaybillStatus.class));
        NEXT.put(RETURNED, EnumSet.noneOf(WaybillStatus.class));
    }

    /** Whether a waybill in this status may move to {@code next}. */
    public boolean canMoveTo(WaybillStatus next) {
        return NEXT.get(this).contains(next);
    }
}
