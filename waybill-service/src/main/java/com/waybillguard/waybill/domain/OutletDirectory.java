package com.waybillguard.waybill.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The outlets waybills may name as origin or destination, read from a validated data file. */
public final class OutletDirectory {

    /** One outlet and the region it serves. */
    public record Outlet(String id, String province, String city, String district) {
    }

    private final String version;
    private final Map<String, Outlet> byId;

    OutletDirectory(String version, Map<String, Outlet> byId) {
        this.version = version;
        this.byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    }

    public String version() {
        return version;
    }

    public boolean isKnown(String outletId) {
        return outletId != null && byId.containsKey(outletId);
    }

    public Optional<Outlet> outlet(String outletId) {
        return Optional.ofNullable(outletId == null ? null : byId.get(outletId));
    }

    public int size() {
        return byId.size();
    }
}
