package com.waybillguard.testsupport;

import com.waybillguard.stack.RedisServer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Redis in cluster mode ({@code cluster-enabled yes}): one node that holds all 16384 hash slots. Whatever the
 * client, the server refuses a command or script whose keys lie in different slots ({@code CROSSSLOT}), exactly as
 * a Redis Cluster of several shards does, so the services' key layout can be tested against it.
 */
public final class ClusterRedis {

    /** Hash slots of a Redis Cluster. */
    public static final int SLOTS = 16384;

    private static final Duration READY_WAIT = Duration.ofSeconds(30);

    private ClusterRedis() {
    }

    /** Starts a cluster-mode node under {@code dir}, gives it every slot and waits until the cluster is {@code ok}. */
    static RedisServer start(Path dir) throws IOException {
        RedisServer node = RedisServer.start(0, dir, List.of(
                "cluster-enabled yes",
                "cluster-config-file " + dir.toAbsolutePath().resolve("nodes.conf"),
                "cluster-node-timeout 5000"));
        try (RespClient client = RespClient.connect(node.url())) {
            String[] addSlots = new String[SLOTS + 2];
            addSlots[0] = "CLUSTER";
            addSlots[1] = "ADDSLOTS";
            for (int slot = 0; slot < SLOTS; slot++) {
                addSlots[slot + 2] = Integer.toString(slot);
            }
            Object reply = client.call(addSlots);
            if (!"OK".equals(reply)) {
                throw new IllegalStateException("CLUSTER ADDSLOTS answered " + reply);
            }
            Poll.until(READY_WAIT, "the cluster-mode node reaches cluster_state:ok",
                    () -> "ok".equals(client.field("cluster_state", "CLUSTER", "INFO")));
        }
        return node;
    }
}
