package com.waybillguard.gateway.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuotaDayTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void aBeijingDayTurnsAt1600Utc() {
        QuotaDay late = QuotaDay.of(Instant.parse("2026-11-30T15:59:59.900Z"), SHANGHAI);
        assertEquals(LocalDate.parse("2026-11-30"), late.date());
        assertEquals(100, late.millisLeft());
        assertEquals(1, late.secondsLeft(), "rounded up");

        QuotaDay next = QuotaDay.of(Instant.parse("2026-11-30T16:00:00Z"), SHANGHAI);
        assertEquals(LocalDate.parse("2026-12-01"), next.date());
        assertEquals(Duration.ofDays(1).toMillis(), next.millisLeft());
        assertEquals(86400, next.secondsLeft());

        // UTC midnight is 08:00 in Beijing: the same day
        QuotaDay morning = QuotaDay.of(Instant.parse("2026-12-01T00:00:00Z"), SHANGHAI);
        assertEquals(LocalDate.parse("2026-12-01"), morning.date());
        assertEquals(Duration.ofHours(16).toMillis(), morning.millisLeft());
    }

    @Test
    void otherZonesTurnAtTheirOwnMidnight() {
        QuotaDay kolkata = QuotaDay.of(Instant.parse("2026-11-30T18:29:59Z"), ZoneId.of("Asia/Kolkata"));
        assertEquals(LocalDate.parse("2026-11-30"), kolkata.date());
        assertEquals(1, kolkata.secondsLeft());
        assertEquals(LocalDate.parse("2026-12-01"),
                QuotaDay.of(Instant.parse("2026-11-30T18:30:00Z"), ZoneId.of("Asia/Kolkata")).date());
    }

    @Test
    void aDaylightSavingDayIsAsLongAsItIs() {
        // New York, 2026-03-08: clocks go from 02:00 to 03:00, the day has 23 hours
        QuotaDay spring = QuotaDay.of(Instant.parse("2026-03-08T05:00:00Z"), ZoneId.of("America/New_York"));
        assertEquals(LocalDate.parse("2026-03-08"), spring.date());
        assertEquals(Duration.ofHours(23).toMillis(), spring.millisLeft());
    }
}
