package com.waybillguard.audit.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CanonicalJsonTest {

    private static final String EXPECTED = "{\"action\":\"WAYBILL_READ\","
            + "\"actor\":{\"outletId\":\"HD-JZ\",\"role\":\"clerk\",\"sub\":\"s-1\",\"username\":\"clerk.jize\"},"
            + "\"decision\":\"ALLOW\","
            + "\"disclosure\":{\"receiver.name\":\"MASKED\",\"sender.name\":\"MASKED\"},"
            + "\"eventId\":\"3f0e6f3c-8a51-4c43-9c55-0d6c1f1f1a01\","
            + "\"occurredAt\":\"2026-11-28T10:00:00.123Z\","
            + "\"reason\":\"line1\\nq\\\"b\\\\\","
            + "\"source\":\"waybill-service\","
            + "\"waybillNo\":\"YT1234567890123\"}";

    private static EventRecord sample(String reason) {
        Map<String, String> disclosure = new LinkedHashMap<>();
        disclosure.put("sender.name", "MASKED");
        disclosure.put("receiver.name", "MASKED");
        return new EventRecord(UUID.fromString("3f0e6f3c-8a51-4c43-9c55-0d6c1f1f1a01"),
                Instant.parse("2026-11-28T10:00:00.123Z"), "waybill-service", "WAYBILL_READ",
                new EventRecord.Actor("s-1", "clerk.jize", "clerk", "HD-JZ", null), null, null, null,
                "YT1234567890123", null, null, disclosure, "ALLOW", reason, null, null, null);
    }

    @Test
    void sortsKeysOmitsNullsAndEscapesMinimally() {
        assertEquals(EXPECTED, CanonicalJson.of(sample("line1\nq\"b\\")));
    }

    @Test
    void hashIsSha256OfPrevHashAndCanonicalJson() {
        // printf '%s' "<64 zeros><EXPECTED>" | sha256sum
        assertEquals("7d22382913e63348a3eb5db051505168c8fae0336efd45386e1afae93e1bd97f",
                ChainHash.next(ChainHash.GENESIS, EXPECTED));
    }

    @Test
    void anyChangedFieldChangesTheHash() {
        String original = ChainHash.next(ChainHash.GENESIS, CanonicalJson.of(sample("a")));
        assertNotEquals(original, ChainHash.next(ChainHash.GENESIS, CanonicalJson.of(sample("b"))));
        assertNotEquals(original, ChainHash.next("1".repeat(64), CanonicalJson.of(sample("a"))));
    }

    @Test
    void emptyObjectsAreOmittedAndControlCharactersEscaped() {
        EventRecord event = new EventRecord(UUID.fromString("00000000-0000-0000-0000-000000000001"),
                Instant.parse("2026-01-01T00:00:00Z"), "gw", "GRANT_REFUSED",
                new EventRecord.Actor(null, null, null, null, null), null, null, null, null, null, null,
                Map.of(), "DENY", "\u0001\t", null, null, Map.of());
        assertEquals("{\"action\":\"GRANT_REFUSED\",\"decision\":\"DENY\",\"eventId\":\"00000000-0000-0000-0000-000000000001\","
                + "\"occurredAt\":\"2026-01-01T00:00:00Z\",\"reason\":\"\\u0001\\t\",\"source\":\"gw\"}", CanonicalJson.of(event));
    }

    @Test
    void nonAsciiIsWrittenAsIs() {
        EventRecord event = new EventRecord(UUID.fromString("00000000-0000-0000-0000-000000000002"),
                Instant.parse("2026-01-01T00:00:00.100Z"), "gw", "X", null, null, null, null, null, null, null,
                null, null, "可疑", null, null, null);
        assertEquals("{\"action\":\"X\",\"eventId\":\"00000000-0000-0000-0000-000000000002\","
                + "\"occurredAt\":\"2026-01-01T00:00:00.100Z\",\"reason\":\"可疑\",\"source\":\"gw\"}", CanonicalJson.of(event));
    }

    @Test
    void anEventWithoutAlertKeepsTheHashItHadBeforeAlertExisted() {
        // the hash of hashIsSha256OfPrevHashAndCanonicalJson, computed before events could carry "alert"
        assertEquals("7d22382913e63348a3eb5db051505168c8fae0336efd45386e1afae93e1bd97f",
                ChainHash.next(ChainHash.GENESIS, CanonicalJson.of(sample("line1\nq\"b\\"))));
    }

    @Test
    void alertIsAFlatObjectWithSortedKeysLikeDisclosure() {
        Map<String, String> alert = new LinkedHashMap<>();
        alert.put("rule", "SCOPE_PROBING");
        alert.put("severity", "MEDIUM");
        alert.put("mode", "enforce");
        alert.put("summary", "11 TRACKING-only or refused reads in 10 min");
        alert.put("suspended", "true");
        alert.put("eventIds", "00000000-0000-0000-0000-00000000000a");
        alert.put("triggeredAt", "2026-11-28T10:00:00Z");
        alert.put("figure.reads", "11");
        EventRecord event = new EventRecord(UUID.fromString("00000000-0000-0000-0000-000000000003"),
                Instant.parse("2026-11-28T10:00:01Z"), "audit-service", "ALERT_RAISED",
                new EventRecord.Actor("s-1", null, "clerk", null, null), null, null, null, null, null, null, null, null,
                "11 TRACKING-only or refused reads in 10 min", null, null, alert);
        String expected = "{\"action\":\"ALERT_RAISED\",\"actor\":{\"role\":\"clerk\",\"sub\":\"s-1\"},"
                + "\"alert\":{\"eventIds\":\"00000000-0000-0000-0000-00000000000a\",\"figure.reads\":\"11\",\"mode\":\"enforce\","
                + "\"rule\":\"SCOPE_PROBING\",\"severity\":\"MEDIUM\",\"summary\":\"11 TRACKING-only or refused reads in 10 min\","
                + "\"suspended\":\"true\",\"triggeredAt\":\"2026-11-28T10:00:00Z\"},"
                + "\"eventId\":\"00000000-0000-0000-0000-000000000003\",\"occurredAt\":\"2026-11-28T10:00:01Z\","
                + "\"reason\":\"11 TRACKING-only or refused reads in 10 min\",\"source\":\"audit-service\"}";
        assertEquals(expected, CanonicalJson.of(event));
        Map<String, String> changed = new LinkedHashMap<>(alert);
        changed.put("suspended", "false");
        EventRecord tampered = new EventRecord(event.eventId(), event.occurredAt(), event.source(), event.action(), event.actor(),
                null, null, null, null, null, null, null, null, event.reason(), null, null, changed);
        assertNotEquals(ChainHash.next(ChainHash.GENESIS, expected), ChainHash.next(ChainHash.GENESIS, CanonicalJson.of(tampered)));
    }
}
