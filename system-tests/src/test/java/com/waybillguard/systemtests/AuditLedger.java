package com.waybillguard.systemtests;

import com.waybillguard.systemtests.Traffic.Exchange;
import com.waybillguard.systemtests.Traffic.Kind;
import io.restassured.path.json.JsonPath;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;

/**
 * What the audit log holds about some waybills, as an auditor reads it through the gateway (every page of
 * {@code GET /api/v1/audit/events?waybillNo=}), held against what the clients were answered: every grant answered
 * 201 must have exactly one {@code GRANT_ISSUED} and every read answered 200 exactly one {@code WAYBILL_READ}
 * (decision {@code ALLOW}) with its grant's id.
 */
final class AuditLedger {

    private static final int PAGE = 500;

    /** Events per grant id, per action ({@code GRANT_ISSUED}, {@code WAYBILL_READ} allowed). */
    private final Map<String, Integer> issued = new HashMap<>();
    private final Map<String, Integer> readsAllowed = new HashMap<>();
    private int repeatedEventIds;

    private AuditLedger() {
    }

    /** Reads every event about {@code waybills} now. */
    static AuditLedger read(String auditorToken, Collection<String> waybills) {
        AuditLedger ledger = new AuditLedger();
        Set<String> eventIds = new HashSet<>();
        for (String waybillNo : waybills) {
            String cursor = null;
            do {
                var request = given().auth().oauth2(auditorToken)
                        .queryParam("waybillNo", waybillNo).queryParam("size", PAGE);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                JsonPath page = request.get("/api/v1/audit/events").then().statusCode(200).extract().jsonPath();
                List<Map<String, Object>> items = page.getList("items");
                for (Map<String, Object> event : items) {
                    if (!eventIds.add((String) event.get("eventId"))) {
                        ledger.repeatedEventIds++;
                    }
                    ledger.count(event);
                }
                cursor = page.getBoolean("hasMore") ? page.getString("nextCursor") : null;
            } while (cursor != null);
        }
        return ledger;
    }

    private void count(Map<String, Object> event) {
        String grantId = (String) event.get("grantId");
        if (grantId == null) {
            return;
        }
        if ("GRANT_ISSUED".equals(event.get("action"))) {
            issued.merge(grantId, 1, Integer::sum);
        } else if ("WAYBILL_READ".equals(event.get("action")) && "ALLOW".equals(event.get("decision"))) {
            readsAllowed.merge(grantId, 1, Integer::sum);
        }
    }

    /** How often {@code exchange}'s own event is in the log: its grant's GRANT_ISSUED, or its read's WAYBILL_READ. */
    int eventsOf(Exchange exchange) {
        if (exchange.grantId() == null) {
            return 0;
        }
        return (exchange.kind() == Kind.GRANT ? issued : readsAllowed).getOrDefault(exchange.grantId(), 0);
    }

    /** The reads allowed with a grant, as the log records them. */
    int readsAllowedWith(String grantId) {
        return readsAllowed.getOrDefault(grantId, 0);
    }

    /** The figures of a run: what the clients were answered, held against the log. */
    Tally tally(List<Exchange> exchanges) {
        List<String> lost = new ArrayList<>();
        Set<String> grantsAnswered = new HashSet<>();
        Set<String> grantsReadWithAnswer = new HashSet<>();
        Set<String> grantsReadWithoutAnswer = new HashSet<>();
        for (Exchange exchange : exchanges) {
            if (exchange.grantId() == null) {
                continue; // a grant refused or unanswered: no grant id to look for
            }
            if (exchange.kind() == Kind.GRANT) {
                grantsAnswered.add(exchange.grantId());
            } else {
                (exchange.succeeded() ? grantsReadWithAnswer : grantsReadWithoutAnswer).add(exchange.grantId());
            }
            if (exchange.succeeded() && eventsOf(exchange) == 0) {
                lost.add(exchange.kind() + " " + exchange.grantId() + " (" + exchange.answer().describe() + ")");
            }
        }
        int duplicates = repeatedEventIds;
        for (Map<String, Integer> counts : List.of(issued, readsAllowed)) {
            duplicates += counts.values().stream().mapToInt(n -> n - 1).sum();
        }
        // fail closed: a grant admitted, or a grant redeemed, after its client had its 503 (or gave up)
        long recordedNotDelivered = issued.keySet().stream().filter(id -> !grantsAnswered.contains(id)).count()
                + grantsReadWithoutAnswer.stream()
                        .filter(id -> !grantsReadWithAnswer.contains(id) && readsAllowedWith(id) > 0).count();
        return new Tally(lost, duplicates, (int) recordedNotDelivered);
    }

    /**
     * @param lost                 the grants answered 201 and reads answered 200 whose event is not in the log
     * @param duplicates           events in the log more than once (the same event id, or a second event for one grant)
     * @param recordedNotDelivered events of grants and reads that were in the end refused or unanswered (fail closed:
     *                             the log holds more than was delivered, never less)
     */
    record Tally(List<String> lost, int duplicates, int recordedNotDelivered) {
    }
}
