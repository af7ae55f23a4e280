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
    }
}
