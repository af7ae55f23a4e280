package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.waybillguard.stack.RedisUsers;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.core.ExecutableProvider;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The prod overlay's Redis, run for real on this machine: the rendered ConfigMaps' own scripts ({@code redis.sh},
 * {@code sentinel.sh}, {@code write-acl.sh}) start three Redis nodes and three Sentinels (the embedded-redis
 * artifact's redis-server, every address 127.0.0.1 with ports of its own). A service then logs in to the
 * Sentinels with its own user through the services' own client (Vert.x, sentinel mode, as
 * {@code QUARKUS_REDIS_CLIENT_TYPE=sentinel} configures it), writes to the primary and waits for a replica. The
 * primary is killed: the Sentinels promote a replica, the client follows, and the old primary, started again by its
 * script, comes back as a replica. The users' rules hold on the nodes and the Sentinels.
 */
class RedisSentinelTest {

    private static final String STREAM = "{wg}:audit:events";
    private static final List<String> USERS = List.of("access-gateway", "waybill-service", "audit-service", "operator",
            "replication", "sentinel");

    @TempDir
    static Path dir;

    private static final Map<String, String> passwords = new HashMap<>();
    private static final List<Integer> nodePorts = new ArrayList<>();
    private static final List<Integer> sentinelPorts = new ArrayList<>();
    private static final Map<Integer, Process> processes = new HashMap<>();
    private static Vertx vertx;
    private static Path etc;
    private static Path shims;

    @BeforeAll
    static void startThePrimaryTheReplicasAndTheSentinels() throws Exception {
        etc = dir.resolve("etc");
        JsonNode users = Kustomize.named("k8s/overlays/prod", "ConfigMap", "redis-users").path("data");
        JsonNode scripts = Kustomize.named("k8s/overlays/prod", "ConfigMap", "redis-scripts").path("data");
        write(etc.resolve("users"), users);
        write(etc.resolve("scripts"), scripts);
        SecureRandom random = new SecureRandom();
        for (String user : USERS) {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            passwords.put(user, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            Files.createDirectories(etc.resolve("passwords"));
            Files.writeString(etc.resolve("passwords").resolve(user), passwords.get(user));
        }
        shims = dir.resolve("bin");
        Files.createDirectories(shims);
        Path redisServer = ExecutableProvider.newJarResourceProvider().get().toPath();
        shim("redis-server", "exec '" + redisServer + "' \"$@\"");
        shim("redis-sentinel", "exec '" + redisServer + "' \"$1\" --sentinel");
        try (InputStream cli = RedisSentinelTest.class.getResourceAsStream("/shims/redis-cli")) {
            Files.write(shims.resolve("redis-cli"), cli.readAllBytes());
        }
        shims.resolve("redis-cli").toFile().setExecutable(true);

        for (int i = 0; i < 3; i++) {
            nodePorts.add(freePort());
            sentinelPorts.add(freePort());
        }
        for (int i = 0; i < 3; i++) {
            startNode(i);
        }
        for (int i = 0; i < 3; i++) {
            start("sentinel.sh", sentinelPorts.get(i), "sentinel-" + i);
        }
        vertx = Vertx.vertx();
        await(Duration.ofSeconds(30), "the Sentinels see two replicas", () ->
                sentinel(0, "operator", "SENTINEL", "REPLICAS", "waybill-guard").size() == 2);
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        for (Process process : processes.values()) {
            kill(process);
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    @Test
    void aServiceFollowsThePrimaryThroughTheSentinelsAndItsWritesReachAReplica() throws Exception {
        int primary = primaryPort();
        assertEquals(nodePorts.get(0), primary, "redis-0 is the first primary");
        List<Response> written = writeAndWait("access-gateway");
        assertTrue(written.get(1).toInteger() >= 1, "the entry reached a replica: WAIT answered " + written.get(1));

        kill(processes.remove(primary));
        await(Duration.ofSeconds(60), "a replica is promoted", () -> primaryPort() != primary);
        int promoted = primaryPort();
        assertNotEquals(primary, promoted);
        await(Duration.ofSeconds(30), "the service writes to the new primary and a replica has it",
                () -> writeAndWait("access-gateway").get(1).toInteger() >= 1);

        startNode(nodePorts.indexOf(primary));
        await(Duration.ofSeconds(30), "the old primary comes back as a replica of the new one", () -> {
            Response role = node(primary, "operator", "ROLE");
            return "slave".equals(role.get(0).toString()) && role.get(2).toInteger() == promoted;
        });
    }

    @Test
    void theUsersRulesHoldOnTheNodesAndTheSentinels() throws Exception {
        int primary = primaryPort();
        assertRefused(() -> node(primary, "access-gateway", "DEL", STREAM), "NOPERM");
        assertRefused(() -> node(primary, "waybill-service", "XRANGE", STREAM, "-", "+"), "NOPERM");
        assertRefused(() -> node(primary, "replication", "SET", "{wg}:x", "1"), "NOPERM");
        assertRefused(() -> node(primary, "sentinel", "GET", "{wg}:x"), "NOPERM");
        assertRefused(() -> node(primary, "default", "PING"), "");
        assertRefused(() -> sentinel(1, "access-gateway", "SENTINEL", "FAILOVER", "waybill-guard"), "NOPERM");
        assertRefused(() -> sentinel(1, "audit-service", "SENTINEL", "SET", "waybill-guard", "quorum", "1"), "NOPERM");
        assertRefused(() -> sentinel(1, "waybill-service", "SENTINEL", "REMOVE", "waybill-guard"), "NOPERM");
        assertEquals(2, sentinel(1, "waybill-service", "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "waybill-guard").size(),
                "a service may ask where the primary is");
        String acl = Files.readString(dir.resolve("run-" + nodePorts.get(1)).resolve("users.acl"));
        for (String password : passwords.values()) {
            assertTrue(!acl.contains(password), "the ACL file holds no password, only hashes");
        }
    }

    @Test
    void theServicesRulesAreTheLocalStacks() {
        JsonNode users = Kustomize.named("k8s/overlays/prod", "ConfigMap", "redis-users").path("data");
        for (String service : RedisUsers.services()) {
            assertEquals(RedisUsers.rules(service), users.path(service).asText(), service);
        }
        assertEquals(users, Kustomize.named("k8s/overlays/dev", "ConfigMap", "redis-users").path("data"), "dev uses the same");
    }

    /** XADD to the audit stream through the Sentinels as this user, then WAIT on the same connection. */
    private static List<Response> writeAndWait(String user) throws Exception {
        RedisOptions options = new RedisOptions().setType(RedisClientType.SENTINEL).setMasterName("waybill-guard")
                .setRole(RedisRole.MASTER);
        for (int port : sentinelPorts) {
            options.addConnectionString("redis://" + user + ":" + passwords.get(user) + "@127.0.0.1:" + port);
        }
        Redis client = Redis.createClient(vertx, options);
        try {
            RedisConnection connection = get(client.connect());
            try {
                return get(connection.batch(List.of(
                        Request.cmd(Command.XADD).arg(STREAM).arg("*").arg("event").arg("{}"),
                        Request.cmd(Command.WAIT).arg(1).arg(2000))));
            } finally {
                connection.close();
            }
        } finally {
            client.close();
        }
    }

    private static int primaryPort() {
        for (int i = 0; i < sentinelPorts.size(); i++) {
            try {
                return sentinel(i, "operator", "SENTINEL", "GET-MASTER-ADDR-BY-NAME", "waybill-guard").get(1).toInteger();
            } catch (Exception down) {
                // the next Sentinel
            }
        }
        throw new AssertionError("no Sentinel answers");
    }

    private static Response sentinel(int index, String user, String... command) throws Exception {
        return direct(sentinelPorts.get(index), user, command);
    }

    private static Response node(int port, String user, String... command) throws Exception {
        return direct(port, user, command);
    }

    private static Response direct(int port, String user, String... command) throws Exception {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(
                "redis://" + ("default".equals(user) ? "" : user + ":" + passwords.get(user) + "@") + "127.0.0.1:" + port));
        try {
            Request request = Request.cmd(Command.create(command[0]));
            for (int i = 1; i < command.length; i++) {
                request.arg(command[i]);
            }
            return get(client.send(request));
        } finally {
            client.close();
        }
    }

    /** The script's process (it has exec'd the server by now) and anything it started, killed at once. */
    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static void startNode(int index) throws IOException {
        start("redis.sh", nodePorts.get(index), "redis-" + index);
    }

    private static void start(String script, int port, String name) throws IOException {
        Path run = dir.resolve("run-" + port);
        Path data = dir.resolve("data-" + port);
        Files.createDirectories(run);
        Files.createDirectories(data);
        ProcessBuilder builder = new ProcessBuilder("sh", etc.resolve("scripts").resolve(script).toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", shims + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("NAMESPACE", "waybill-guard");
        env.put("REDIS_ETC", etc.toString());
        env.put("REDIS_RUN", run.toString());
        env.put("REDIS_DATA", data.toString());
        env.put("REDIS_PORT", String.valueOf(port));
        env.put("REDIS_SELF", "127.0.0.1");
        env.put("REDIS_FIRST_PRIMARY", "127.0.0.1:" + nodePorts.get(0));
        env.put("REDIS_SENTINELS", String.join(" ", sentinelPorts.stream().map(p -> "127.0.0.1:" + p).toList()));
        env.put("REDIS_DOWN_AFTER_MS", "1500");
        // a failover whose election the Sentinels split is tried again after twice this; 60 s in the pods
        env.put("REDIS_FAILOVER_TIMEOUT_MS", "3000");
        processes.put(port, builder.start());
    }

    private static void write(Path directory, JsonNode files) throws IOException {
        Files.createDirectories(directory);
        for (var file = files.fields(); file.hasNext(); ) {
            var entry = file.next();
            Files.writeString(directory.resolve(entry.getKey()), entry.getValue().asText(), StandardCharsets.UTF_8);
        }
    }

    private static void shim(String name, String body) throws IOException {
        Path file = shims.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        file.toFile().setExecutable(true);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static <T> T get(io.vertx.core.Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void assertRefused(Callable call, String expected) {
        try {
            call.run();
            fail("not refused: expected " + expected);
        } catch (Exception refused) {
            assertTrue(String.valueOf(refused.getMessage()).contains(expected), "refused with " + refused.getMessage());
        }
    }

    private static void await(Duration limit, String what, Check condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception | AssertionError notYet) {
                // not yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + ": not within " + limit.toSeconds() + " s\n" + logTails());
    }

    /** The last lines of every node's and Sentinel's log, for a failure message. */
    private static String logTails() {
        StringBuilder tails = new StringBuilder();
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                tails.append("== ").append(log.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))).append('\n');
            }
        } catch (IOException e) {
            tails.append("(logs unreadable: ").append(e.getMessage()).append(')');
        }
        return tails.toString();
    }

    @FunctionalInterface
    private interface Callable {
        Object run() throws Exception;
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }
}
