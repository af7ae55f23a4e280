package com.waybillguard.gateway;

import io.quarkus.test.junit.QuarkusMock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it: installed in place of the gateway's {@link Clock} bean for
 * one test, so quota windows are where the test puts them and a window passes in no time.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> now;

    private TestClock(Instant now) {
        this.now = new AtomicReference<>(now);
    }

    /** A clock standing at {@code now}, installed as the application's clock for the current test. */
    public static TestClock installAt(Instant now) {
        TestClock clock = new TestClock(now);
        QuarkusMock.installMockForType(clock, Clock.class);
        return clock;
    }

    /**
     * {@code seconds} into a minute (and an hour and a UTC day; 08:00 in Beijing) that no earlier test run counted
     * in.
     */
    public static Instant secondsIntoAMinute(long seconds) {
        long day = Duration.ofDays(1).toSeconds();
        long today = Instant.now().getEpochSecond() / day * day;
        // a future day of the current year, so that the counters of earlier runs cannot collide
        return Instant.ofEpochSecond(today + day * (1 + (System.nanoTime() & 0xff)) + seconds);
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    public long epochSecond() {
        return now.get().getEpochSecond();
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the quota clock is UTC");
    }
}
