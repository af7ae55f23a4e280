package com.waybillguard.gateway.domain;

import java.util.Map;

/**
 * A rule tripped by one grant request: the rule, the mode it runs in and its figures ({@code linked},
 * {@code grants}, {@code devices}, {@code networks}, {@code windowSeconds}, {@code threshold}).
 */
public record Trip(DetectionRule rule, AlertMode mode, Map<String, Long> figures) {

    public Trip {
        figures = Map.copyOf(figures);
    }

    public long figure(String name) {
        return figures.getOrDefault(name, 0L);
    }
}
