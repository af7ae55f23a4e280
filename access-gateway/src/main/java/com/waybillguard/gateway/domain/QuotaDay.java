package com.waybillguard.gateway.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The calendar day a daily quota counts in: the local date of {@code now} in the time zone of the account's outlet
 * (or the suite's zone), and how long that local day still runs. A counter keyed by the local date starts afresh at
 * local midnight, where a clerk's working day turns, not at UTC midnight (08:00 in Beijing); a day that a daylight
 * saving change makes 23 or 25 hours long is counted as long as it is.
 *
 * @param date       the local date, which names the day's counters ({@code ...:day:2026-11-30})
 * @param millisLeft milliseconds from {@code now} to the next local midnight (at least 1)
 */
public record QuotaDay(LocalDate date, long millisLeft) {

    /** The local day of {@code now} in {@code zone}. */
    public static QuotaDay of(Instant now, ZoneId zone) {
        LocalDate date = LocalDate.ofInstant(now, zone);
        Instant ends = date.plusDays(1).atStartOfDay(zone).toInstant();
        return new QuotaDay(date, Math.max(1, Duration.between(now, ends).toMillis()));
    }

    /** Seconds until the day ends, rounded up: what {@code RateLimit-Reset} and {@code Retry-After} say of it. */
    public long secondsLeft() {
        return (millisLeft + 999) / 1000;
    }
}
