package com.waybillguard.waybill.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** A named view: one disposition per party field. */
public record View(String id, Map<PartyField, Disposition> dispositions) {

    public View {
        dispositions = Collections.unmodifiableMap(new EnumMap<>(dispositions));
    }

    public Disposition of(PartyField field) {
        return dispositions.get(field);
    }

    /** Whether any disclosed field lies outside the tracking projection. */
    public boolean needsPersonalData() {
        return dispositions.entrySet().stream()
                .anyMatch(e -> e.getValue() != Disposition.HIDDEN && !e.getKey().inTrackingProjection());
    }

    /** The {@code disclosure} object: field path → disposition, all ten fields, in a stable order. */
    public Map<String, String> disclosure() {
        Map<String, String> result = new LinkedHashMap<>();
        for (PartyField field : PartyField.values()) {
            result.put(field.path(), dispositions.get(field).name());
        }
        return Collections.unmodifiableMap(result);
    }
}
