package com.waybillguard.audit.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest event this process has appended to the chain and seen committed: its seq and hash, kept in memory where
 * no database write reaches. Verify checks that the stored chain still holds it, so events appended after the
 * newest checkpoint cannot be deleted (with the head row rewritten) unseen while this process runs.
 */
@ApplicationScoped
public class AppendedHead {

    /** A committed event of the chain. */
    public record Event(long seq, String hash) {
    }

    private final AtomicReference<Event> newest = new AtomicReference<>();

    /** Remembers {@code seq}/{@code hash} once its transaction has committed (a newer one wins). */
    void committed(long seq, String hash) {
        newest.accumulateAndGet(new Event(seq, hash), (a, b) -> a == null || b.seq() > a.seq() ? b : a);
    }

    /** The newest committed event this process appended, or null. */
    public Event newest() {
        return newest.get();
    }
}
