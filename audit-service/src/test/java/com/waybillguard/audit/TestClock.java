package com.waybillguard.audit;

import io.quarkus.test.junit.QuarkusMock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it, installed in place of the service's {@link Clock} for one test. */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> now;

    private TestClock(Instant now) {
        this.now = new AtomicReference<>(now);
    }

    public static TestClock installAt(Instant now) {
        TestClock clock = new TestClock(now);
        QuarkusMock.installMockForType(clock, Clock.class);
        return clock;
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
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
        throw new UnsupportedOperationException("the test clock is UTC");
    }
}
