package com.waybillguard.gateway.domain;

import java.util.Locale;
import java.util.Optional;

/** What a tripped rule does: {@code shadow} alerts only (once per window), {@code enforce} refuses and suspends. */
public enum AlertMode {
    SHADOW,
    ENFORCE;

    /** As written in configuration, events and the script: lower case. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertMode> parse(String value) {
        for (AlertMode mode : values()) {
            if (mode.value().equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
