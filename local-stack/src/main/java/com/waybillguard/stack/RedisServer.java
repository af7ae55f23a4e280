package com.waybillguard.stack;

import redis.embedded.core.RedisServerBuilder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Redis server started from the {@code com.github.codemonstur:embedded-redis} binaries,
 * bound to 127.0.0.1, with an append-only file under {@code dataDir} so that a restart keeps
 * what was written (grants consumed, quotas, suspensions, the audit stream backlog). It writes its
 * process id to {@code redis.pid} there, so that the fault tests can pause it (SIGSTOP).
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration RESTART_PORT_WAIT = Duration.ofSeconds(15);

    private static final String PID_FILE = "redis.pid";

    private final redis.embedded.RedisServer server;
    private final int port;
    private final Path pidFile;
    private boolean paused;

    private RedisServer(redis.embedded.RedisServer server, int port, Path pidFile) {
        this.server = server;
        this.port = port;
        this.pidFile = pidFile;
    }

    /**
     * Starts a server.
     *
     * @param port    TCP port, or 0 for a free one
     * @param dataDir working directory for the append-only file
     */
    public static RedisServer start(int port, Path dataDir) throws IOException {
        return start(port, dataDir, List.of());
    }

    /**
     * Starts a server with more lines of redis.conf, such as the {@code user} directives of {@link RedisUsers}.
     *
     * @param port     TCP port, or 0 for a free one
     * @param dataDir  working directory for the append-only file
     * @param settings further redis.conf lines
     */
    public static RedisServer start(int port, Path dataDir, List<String> settings) throws IOException {
        Files.createDirectories(dataDir);
        int chosen = port > 0 ? port : FreePort.find();
        Path pidFile = dataDir.toAbsolutePath().resolve(PID_FILE);
        RedisServerBuilder builder = redis.embedded.RedisServer.newRedisServer()
                .port(chosen)
                .bind("127.0.0.1")
                .setting("dir " + dataDir.toAbsolutePath())
                .setting("appendonly yes")
                .setting("save \"\"")
                .setting("protected-mode yes")
                .setting("pidfile " + pidFile)
                .onShutdownForceStop(true);
        settings.forEach(builder::setting);
        redis.embedded.RedisServer server = builder.build();
        server.start();
        return new RedisServer(server, chosen, pidFile);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The URL of a Redis user; the password must be URL-safe (as {@link StackSecrets#password} makes them). */
    public String url(String user, String password) {
        return "redis://" + user + ":" + password + "@127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return server.isActive();
    }

    /**
     * Freezes the server (SIGSTOP), as a hung host would: connections stay open, commands are accepted by the
     * kernel and answered by nobody until {@link #resume()}.
     */
    public synchronized void pause() throws IOException {
        Signals.send("STOP", pid());
        paused = true;
    }

    /** Lets a paused server go on (SIGCONT): it answers the commands that waited; does nothing if not paused. */
    public synchronized void resume() throws IOException {
        if (paused) {
            Signals.send("CONT", pid());
            paused = false;
        }
    }

    private long pid() throws IOException {
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    /** Stops the server; {@link #restart()} starts it again on the same port with the same data. */
    public void stop() throws IOException {
        resume();
        if (server.isActive()) {
            server.stop();
        }
    }

    /**
     * Stops the server and starts it again on the same port. The old process may still hold the port for a moment
     * after it was told to stop (a busy machine): the start waits, bounded, until the port is free.
     */
    public void restart() throws IOException {
        stop();
        long deadline = System.nanoTime() + RESTART_PORT_WAIT.toNanos();
        while (!portFree() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Redis' port", e);
            }
        }
        server.start();
    }

    private boolean portFree() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
