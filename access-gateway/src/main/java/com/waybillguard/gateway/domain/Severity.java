package com.waybillguard.gateway.domain;

import java.util.Optional;

/** Severity of an alert. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public static Optional<Severity> parse(String value) {
        for (Severity severity : values()) {
            if (severity.name().equals(value)) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }
}
