package com.waybillguard.waybill.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every problem type of the service is a row of the project's table (docs/api.md, "Problem types"), as written. */
class ProblemTypeTest {

    private record Row(int status, String title) {
    }

    /** The canonical table, written out: slug → status and title. */
    private static final Map<String, Row> CANONICAL = Map.ofEntries(
            entry("invalid-request", new Row(400, "Invalid request")),
            entry("invalid-waybill-number", new Row(400, "Invalid waybill number")),
            entry("invalid-device-id", new Row(400, "Invalid device id")),
            entry("unauthorized", new Row(401, "Authentication required")),
            entry("grant-missing", new Row(401, "Access grant missing")),
            entry("grant-invalid", new Row(401, "Access grant invalid")),
            entry("grant-expired", new Row(401, "Access grant expired")),
            entry("forbidden", new Row(403, "Forbidden")),
            entry("role-conflict", new Row(403, "Roles that one account must not hold together")),
            entry("purpose-not-allowed", new Row(403, "Purpose not allowed for the role")),
            entry("account-suspended", new Row(403, "Account suspended")),
            entry("grant-not-bound", new Row(403, "Access grant belongs to another account or device")),
            entry("grant-waybill-mismatch", new Row(403, "Access grant is for another waybill")),
            entry("grant-replayed", new Row(403, "Access grant already used")),
            entry("out-of-scope", new Row(403, "Waybill out of scope for this purpose")),
            entry("not-found", new Row(404, "Not found")),
            entry("waybill-not-found", new Row(404, "Waybill not found")),
            entry("method-not-allowed", new Row(405, "Method not allowed")),
            entry("not-acceptable", new Row(406, "Not acceptable")),
            entry("waybill-exists", new Row(409, "Waybill already exists")),
            entry("illegal-status-transition", new Row(409, "Illegal status transition")),
            entry("concurrent-update", new Row(409, "Waybill changed concurrently")),
            entry("unsupported-media-type", new Row(415, "Unsupported media type")),
            entry("quota-exceeded", new Row(429, "Quota exhausted")),
            entry("internal-error", new Row(500, "Internal error")),
            entry("upstream-error", new Row(502, "Inner service failed")),
            entry("service-unavailable", new Row(503, "Service unavailable")),
            entry("audit-unavailable", new Row(503, "Audit log unavailable")),
            entry("grant-keys-unavailable", new Row(503, "Grant verification keys unavailable")),
            entry("upstream-unavailable", new Row(503, "Inner service unavailable")),
            entry("upstream-timeout", new Row(504, "Inner service did not answer in time")));

    @Test
    void everyTypeIsARowOfTheCanonicalTable() {
        List<String> wrong = new ArrayList<>();
        for (ProblemType type : ProblemType.values()) {
            Row row = CANONICAL.get(type.slug());
            if (row == null) {
                wrong.add(type.slug() + " is not in the table");
            } else if (row.status() != type.status() || !row.title().equals(type.title())) {
                wrong.add(type.slug() + " is " + type.status() + " '" + type.title() + "', the table says "
                        + row.status() + " '" + row.title() + "'");
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void theUriIsTheBaseAndTheSlug() {
        assertEquals("https://waybill-guard.example/problems/grant-replayed", ProblemType.GRANT_REPLAYED.uri());
    }
}
