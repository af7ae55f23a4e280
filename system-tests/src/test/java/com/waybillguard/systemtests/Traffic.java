package com.waybillguard.systemtests;

import com.waybillguard.systemtests.HttpGateway.Answer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clerks at work while a fault is injected: each client asks for a grant and reads with it, again and again, with a
 * short pause, until stopped. Every exchange is kept with its timing, so that a test can tell what happened before,
 * during and after the fault and how long each answer took.
 */
final class Traffic implements AutoCloseable {

    enum Kind { GRANT, READ }

    /** One request: a grant (its grant and id when it was 201) or a read with {@code grant}. */
    record Exchange(Kind kind, String waybillNo, String grant, String grantId, Answer answer) {

        boolean startedAfter(long nanos) {
            return answer.startNanos() >= nanos;
        }

        boolean succeeded() {
            return answer.status() == (kind == Kind.GRANT ? 201 : 200);
        }
    }

    private static final String PURPOSE = "COUNTER_INQUIRY";

    private final HttpGateway gateway;
    private final String token;
    private final String device;
    private final List<String> waybills;
    private final int clients;
    private final Duration pause;
    private final List<Exchange> exchanges = new ArrayList<>();
    private final AtomicInteger readsInFlight = new AtomicInteger();
    private final ExecutorService pool;
    private volatile boolean running = true;

    /**
     * {@code clients} clients of one account on one device, each reading the waybills in turn; nothing is sent until
     * {@link #start()}.
     */
    Traffic(HttpGateway gateway, String token, String device, List<String> waybills, int clients, Duration pause) {
        this.gateway = gateway;
        this.token = token;
        this.device = device;
        this.waybills = List.copyOf(waybills);
        this.clients = clients;
        this.pause = pause;
        this.pool = Executors.newFixedThreadPool(clients);
    }

    Traffic start() {
        for (int c = 0; c < clients; c++) {
            int client = c;
            pool.submit(() -> work(client));
        }
        return this;
    }

    private void work(int client) {
        for (int i = client; running; i++) {
            String waybillNo = waybills.get(i % waybills.size());
            Answer granted = gateway.grant(token, device, waybillNo, PURPOSE);
            String grant = granted.status() == 201 ? granted.grant() : null;
            record(new Exchange(Kind.GRANT, waybillNo, grant, HttpGateway.grantId(grant).orElse(null), granted));
            if (grant != null) {
                readsInFlight.incrementAndGet();
                try {
                    record(read(waybillNo, grant));
                } finally {
                    readsInFlight.decrementAndGet();
                }
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A read with {@code grant} by this traffic's account and device (also to use a grant again after a fault). */
    Exchange read(String waybillNo, String grant) {
        return new Exchange(Kind.READ, waybillNo, grant, HttpGateway.grantId(grant).orElse(null),
                gateway.read(token, device, waybillNo, grant));
    }

    private void record(Exchange exchange) {
        synchronized (exchanges) {
            exchanges.add(exchange);
        }
    }

    /** Reads sent and not answered yet. */
    int readsInFlight() {
        return readsInFlight.get();
    }

    /**
     * Waits until a request of {@code kind} sent at or after {@code nanos} succeeds, and returns how long after
     * {@code nanos} it was answered; fails after {@code limit}.
     */
    Duration awaitSuccess(Kind kind, long nanos, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Exchange> first = snapshot().stream()
                    .filter(e -> e.kind() == kind && e.startedAfter(nanos) && e.succeeded())
                    .min(Comparator.comparingLong(e -> e.answer().endNanos()));
            if (first.isPresent()) {
                return Duration.ofNanos(first.get().answer().endNanos() - nanos);
            }
            Thread.sleep(50);
        }
        List<Exchange> all = snapshot();
        throw new AssertionError("no " + kind + " succeeded within " + limit.toSeconds() + " s; the last answers: "
                + all.stream().skip(Math.max(0, all.size() - 5)).map(e -> e.answer().describe()).toList());
    }

    /** Every exchange so far, in the order they were answered. */
    List<Exchange> snapshot() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    /** Stops the clients (each finishes the request it is in, which is bounded) and returns every exchange. */
    List<Exchange> stop() throws InterruptedException {
        running = false;
        pool.shutdown();
        if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
            throw new AssertionError("the clients did not stop: a request is not bounded");
        }
        return snapshot();
    }

    @Override
    public void close() {
        running = false;
        pool.shutdownNow();
    }
}
