package com.waybillguard.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition of a test topology (a cluster's state, a replica's sync) with a bound. */
final class Poll {

    private static final long INTERVAL_MILLIS = 50;

    private Poll() {
    }

    /** Returns once {@code done} holds; fails naming {@code what} when it still does not after {@code limit}. */
    static void until(Duration limit, String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(what + ": not within " + limit);
                }
                Thread.sleep(INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting: " + what, e);
        }
    }
}
