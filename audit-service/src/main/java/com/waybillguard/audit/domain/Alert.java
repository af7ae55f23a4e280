package com.waybillguard.audit.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An alert as auditors see it (docs/api.md, "Audit API"): the rule that tripped, about which account, the
 * evidence (event ids and figures), whether the account was suspended, and its resolution ({@code null} while
 * {@code OPEN}).
 */
public record Alert(
        UUID id,
        String rule,
        String severity,
        String mode,
        String status,
        Instant raisedAt,
        Actor actor,
        String summary,
        Evidence evidence,
        boolean suspended,
        Instant resolvedAt,
        String resolvedBy,
        String comment) {

    /** The account the alert is about, as far as the deciding service knew it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Actor(String sub, String username, String role, String outletId, String courierId) {
    }

    /** The events that made the rule trip, and its figures ({@code reads}, {@code windowSeconds}, …). */
    public record Evidence(List<String> eventIds, Map<String, Long> figures) {
    }
}
