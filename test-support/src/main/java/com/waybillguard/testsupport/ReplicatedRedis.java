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

    private ReplicatedRedis(RedisServer primary, RedisServer replica) {
        this.primary = primary;
        this.replica = replica;
    }

    /** Starts a primary and its replica under {@code dir} and waits until the replica is in sync. */
    static ReplicatedRedis start(Path dir) throws IOException {
        RedisServer primary = RedisServer.start(0, dir.resolve("primary"));
        RedisServer replica = RedisServer.start(0, dir.resolve("replica"),
                List.of("replicaof 127.0.0.1 " + primary.port()));
        ReplicatedRedis pair = new ReplicatedRedis(primary, replica);
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
    public void pauseReplica() {
        try {
            replica.pause();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the replica's process go on ({@code SIGCONT}); it catches up from the primary by itself. */
    public void resumeReplica() {
        try {
            replica.resume();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
    public void close() throws IOException {
        // a paused replica is resumed by its own close
        replica.close();
        primary.close();
    }
}
