package com.waybillguard.testsupport;

import com.waybillguard.stack.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A primary Redis and one replica of it ({@code replicaof}), both real servers from the Maven artifact, for the
 * tests of {@code WAIT}: the replica can be paused ({@code SIGSTOP}: it keeps its connection but acknowledges
 * nothing, as a hung or partitioned replica) and resumed ({@code SIGCONT}), after which it catches up by itself.
 */
public final class ReplicatedRedis implements AutoCloseable {

    private static final Duration SYNC_WAIT = Duration.ofSeconds(30);

    private final RedisServer primary;
    private final RedisServer replica;
    private final String replicaPid;
    private boolean paused;

    private ReplicatedRedis(RedisServer primary, RedisServer replica, String replicaPid) {
        this.primary = primary;
        this.replica = replica;
        this.replicaPid = replicaPid;
    }

    /** Starts a primary and its replica under {@code dir} and waits until the replica is in sync. */
    static ReplicatedRedis start(Path dir) throws IOException {
        RedisServer primary = RedisServer.start(0, dir.resolve("primary"));
        RedisServer replica = RedisServer.start(0, dir.resolve("replica"),
                List.of("replicaof 127.0.0.1 " + primary.port()));
        String pid;
        try (RespClient client = RespClient.connect(replica.url())) {
            pid = client.info("server", "process_id");
        }
        ReplicatedRedis pair = new ReplicatedRedis(primary, replica, pid);
        pair.awaitInSync();
        return pair;
    }

    /** The primary, which the services use. */
    public RedisServer primary() {
        return primary;
    }

    /** The replica: read it (when not paused) to see what reached it. */
    public RedisServer replica() {
        return replica;
    }

    /** Stops the replica's process ({@code SIGSTOP}): it stays connected and acknowledges nothing. */
    public synchronized void pauseReplica() {
        signal("-STOP");
        paused = true;
    }

    /** Lets the replica's process go on ({@code SIGCONT}); it catches up from the primary by itself. */
    public synchronized void resumeReplica() {
        if (paused) {
            signal("-CONT");
            paused = false;
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, replicaPid).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " of the replica failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling the replica", e);
        }
    }

    private void awaitInSync() {
        try (RespClient onPrimary = RespClient.connect(primary.url());
             RespClient onReplica = RespClient.connect(replica.url())) {
            Poll.until(SYNC_WAIT, "the replica syncs with the primary",
                    () -> "1".equals(onPrimary.info("replication", "connected_slaves"))
                            && "up".equals(onReplica.info("replication", "master_link_status")));
        }
    }

    @Override
    public synchronized void close() throws IOException {
        resumeReplica();
        replica.close();
        primary.close();
    }
}
