package com.waybillguard.waybill.policy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The ten personal fields of a waybill, by their JSON path, with the dispositions each admits. */
public enum PartyField {
    SENDER_NAME("sender.name", Kind.NAME),
    SENDER_PHONE("sender.phone", Kind.PHONE),
    SENDER_PROVINCE("sender.address.province", Kind.REGION),
    SENDER_CITY("sender.address.city", Kind.REGION),
    SENDER_DISTRICT("sender.address.district", Kind.REGION),
    SENDER_DETAIL("sender.address.detail", Kind.DETAIL),
    RECEIVER_NAME("receiver.name", Kind.NAME),
    RECEIVER_PHONE("receiver.phone", Kind.PHONE),
    RECEIVER_PROVINCE("receiver.address.province", Kind.REGION),
    RECEIVER_CITY("receiver.address.city", Kind.REGION),
    RECEIVER_DISTRICT("receiver.address.district", Kind.REGION),
    RECEIVER_DETAIL("receiver.address.detail", Kind.DETAIL);

    /** What sort of value a field holds, which decides the dispositions it admits. */
    public enum Kind {
        NAME(EnumSet.allOf(Disposition.class)),
        /** No view ever carries a full phone number. */
        PHONE(EnumSet.of(Disposition.MASKED, Disposition.HIDDEN)),
        REGION(EnumSet.of(Disposition.FULL, Disposition.HIDDEN)),
        /** An address detail is never partially shown. */
        DETAIL(EnumSet.of(Disposition.FULL, Disposition.HIDDEN));

        private final Set<Disposition> allowed;

        Kind(Set<Disposition> allowed) {
            this.allowed = allowed;
        }

        public boolean admits(Disposition disposition) {
            return allowed.contains(disposition);
        }
    }

    private final String path;
    private final Kind kind;

    PartyField(String path, Kind kind) {
        this.path = path;
        this.kind = kind;
    }

    public String path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Whether the value is part of the tracking projection (province and city), which is loaded
     * without the rest of the personal data.
     */
    public boolean inTrackingProjection() {
        return this == SENDER_PROVINCE || this == SENDER_CITY || this == RECEIVER_PROVINCE || this == RECEIVER_CITY;
    }

    public static Optional<PartyField> byPath(String path) {
        return Arrays.stream(values()).filter(f -> f.path.equals(path)).findFirst();
    }
}
