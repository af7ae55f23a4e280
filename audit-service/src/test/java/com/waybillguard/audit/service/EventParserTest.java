package com.waybillguard.audit.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventParserTest {

    private final EventParser parser = new EventParser(new ObjectMapper());

    private static final String VALID = "{\"eventId\":\"3f0e6f3c-8a51-4c43-9c55-0d6c1f1f1a01\","
            + "\"occurredAt\":\"2026-11-28T10:00:00.123456789Z\",\"source\":\"waybill-service\",\"action\":\"WAYBILL_READ\","
            + "\"actor\":{\"sub\":\"s\",\"username\":\"u\",\"role\":\"clerk\",\"outletId\":\"HD-JZ\",\"courierId\":null},"
            + "\"disclosure\":{\"sender.name\":\"MASKED\"},\"decision\":\"ALLOW\",\"reason\":null,\"extra\":42}";

    @Test
    void acceptsTheContractShapeAndTruncatesToMicroseconds() {
        EventParser.Result result = parser.parse(VALID);
        assertTrue(result.valid(), result.error());
        assertEquals(Instant.parse("2026-11-28T10:00:00.123456Z"), result.event().occurredAt());
        assertNull(result.event().reason());
        assertNull(result.event().actor().courierId());
    }

    @Test
    void rejectsMalformedEntriesWithAReason() {
        assertFalse(parser.parse(null).valid());
        assertFalse(parser.parse("not json").valid());
        assertFalse(parser.parse("[1]").valid());
        assertEquals("eventId is not a UUID", parser.parse(VALID.replace("3f0e6f3c-8a51-4c43-9c55-0d6c1f1f1a01", "x")).error());
        assertEquals("decision is neither ALLOW nor DENY", parser.parse(VALID.replace("\"ALLOW\"", "\"MAYBE\"")).error());
        assertFalse(parser.parse(VALID.replace("\"MASKED\"", "\"SHOWN\"")).valid());
        assertFalse(parser.parse(VALID.replace("\"WAYBILL_READ\"", "\"read\"")).valid());
        assertFalse(parser.parse(VALID.replace("2026-11-28T10:00:00.123456789Z", "yesterday")).valid());
        assertFalse(parser.parse(VALID.replace("\"u\"", "\"a\\u0000b\"")).valid());
        assertFalse(parser.parse(VALID.replace("\"u\"", "7")).valid());
        assertEquals("occurredAt is outside the years 2000 to 9999",
                parser.parse(VALID.replace("2026-11-28T10:00:00.123456789Z", "+300000-01-01T00:00:00Z")).error());
        assertEquals("missing source", parser.parse(VALID.replace("\"source\":\"waybill-service\",", "")).error());
        assertEquals("RETENTION_APPLIED is never taken from the stream", parser.parse(VALID
                .replace("\"waybill-service\"", "\"audit-service\"").replace("\"WAYBILL_READ\"", "\"RETENTION_APPLIED\"")).error());
    }

    private static final String RAISED = "{\"eventId\":\"3f0e6f3c-8a51-4c43-9c55-0d6c1f1f1a02\","
            + "\"occurredAt\":\"2026-11-28T10:00:01Z\",\"source\":\"access-gateway\",\"action\":\"ALERT_RAISED\","
            + "\"actor\":{\"sub\":\"s\",\"username\":\"u\",\"role\":\"clerk\",\"outletId\":\"HD-JZ\"},"
            + "\"reason\":\"11 near-consecutive waybill numbers in 10 min\",\"alert\":{\"rule\":\"ENUMERATION\","
            + "\"severity\":\"HIGH\",\"mode\":\"enforce\",\"summary\":\"11 near-consecutive waybill numbers in 10 min\","
            + "\"suspended\":\"true\",\"eventIds\":\"3f0e6f3c-8a51-4c43-9c55-0d6c1f1f1a01\","
            + "\"triggeredAt\":\"2026-11-28T10:00:00.5Z\",\"figure.linked\":\"11\",\"figure.windowSeconds\":\"600\"}}";

    @Test
    void acceptsAnAlertOnAlertEventsOnly() {
        EventParser.Result raised = parser.parse(RAISED);
        assertTrue(raised.valid(), raised.error());
        assertEquals("ENUMERATION", raised.event().alert().get("rule"));
        assertEquals("600", raised.event().alert().get("figure.windowSeconds"));
        assertNull(parser.parse(VALID).event().alert());
        String resolved = "{\"eventId\":\"3f0e6f3c-8a51-4c43-9c55-0d6c1f1f1a03\",\"occurredAt\":\"2026-11-28T10:00:01Z\","
                + "\"source\":\"audit-service\",\"action\":\"ALERT_RESOLVED\",\"targetSub\":\"s\",\"reason\":\"known\","
                + "\"alert\":{\"alertId\":\"3f0e6f3c-8a51-4c43-9c55-0d6c1f1f1a02\",\"rule\":\"ENUMERATION\"}}";
        assertTrue(parser.parse(resolved).valid(), parser.parse(resolved).error());
        assertEquals("alert has an unknown field summary",
                parser.parse(resolved.replace("\"rule\":\"ENUMERATION\"", "\"rule\":\"ENUMERATION\",\"summary\":\"x\"")).error());
    }

    @Test
    void rejectsAlertsThatBreakTheContract() {
        assertEquals("alert is only allowed on ALERT_RAISED and ALERT_RESOLVED",
                parser.parse(VALID.replace("\"extra\":42", "\"alert\":{\"rule\":\"X\"}")).error());
        assertEquals("missing alert", parser.parse(RAISED.substring(0, RAISED.indexOf(",\"alert\"")) + "}").error());
        assertEquals("alert has an unknown field receiverName",
                parser.parse(RAISED.replace("\"figure.linked\"", "\"receiverName\"")).error());
        assertEquals("alert.summary contains a phone number",
                parser.parse(RAISED.replace("11 near-consecutive waybill numbers in 10 min\",\"suspended",
                        "reads by 13812345678\",\"suspended")).error());
        assertTrue(parser.parse(RAISED.replace("11 near-consecutive waybill numbers in 10 min\",\"suspended",
                "reads of YT13812345678 and YT1381234567890\",\"suspended")).valid(), "waybill numbers are not phones");
        assertEquals("alert.figure.linked is not an integer", parser.parse(RAISED.replace("\"figure.linked\":\"11\"",
                "\"figure.linked\":\"eleven\"")).error());
        assertEquals("alert.figure.linked is not a string", parser.parse(RAISED.replace("\"figure.linked\":\"11\"",
                "\"figure.linked\":11")).error());
        assertEquals("alert.eventIds is not a UUID", parser.parse(RAISED.replace("\"eventIds\":\"3f0e6f3c",
                "\"eventIds\":\"x,3f0e6f3c")).error());
        assertFalse(parser.parse(RAISED.replace("\"HIGH\"", "\"SEVERE\"")).valid());
        assertFalse(parser.parse(RAISED.replace("\"enforce\"", "\"ENFORCE\"")).valid());
        assertEquals("alert.triggeredAt is not an ISO-8601 instant",
                parser.parse(RAISED.replace("2026-11-28T10:00:00.5Z", "just now")).error());
        assertEquals("missing alert.suspended", parser.parse(RAISED.replace("\"suspended\":\"true\",", "")).error());
        assertTrue(parser.parse(RAISED.replace("\"eventIds\":\"3f0e6f3c-8a51-4c43-9c55-0d6c1f1f1a01\"", "\"eventIds\":\"\""))
                .valid(), "evidence may be empty");
    }
}
