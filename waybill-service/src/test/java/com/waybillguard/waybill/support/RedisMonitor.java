package com.waybillguard.waybill.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches Redis with {@code MONITOR} on a connection of its own: every command a client sends and every command a
 * script runs (marked {@code lua}), so a test can count the round trips a request makes.
 */
public final class RedisMonitor implements AutoCloseable {

    /** {@code +1700000000.123456 [0 127.0.0.1:50000] "EVALSHA" "..."} or {@code [0 lua] "SET" ...}. */
    private static final Pattern LINE = Pattern.compile("^\\+[0-9.]+ \\[\\d+ ([^\\]]+)\\] \"([^\"]+)\"");

    /** One command seen: who sent it ({@code lua} for a script) and its name, upper case. */
    public record Command(String from, String name) {
        public boolean fromScript() {
            return "lua".equals(from);
        }
    }

    private final Socket socket;
    private final List<Command> seen = new ArrayList<>();
    private final Thread reader;

    public RedisMonitor(String redisUrl) {
        URI uri = URI.create(redisUrl.split(",")[0].strip());
        try {
            socket = new Socket(uri.getHost(), uri.getPort());
            OutputStream out = socket.getOutputStream();
            out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String ok = in.readLine();
            if (!"+OK".equals(ok)) {
                throw new IllegalStateException("MONITOR answered " + ok);
            }
            reader = new Thread(() -> read(in), "redis-monitor");
            reader.setDaemon(true);
            reader.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(BufferedReader in) {
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Matcher m = LINE.matcher(line);
                if (m.find()) {
                    synchronized (seen) {
                        seen.add(new Command(m.group(1), m.group(2).toUpperCase(Locale.ROOT)));
                    }
                }
            }
        } catch (IOException closed) {
            // the test closed the monitor
        }
    }

    /** The commands seen since the last call, once {@code settle} ms passed without a new one. */
    public List<Command> drain(long settle) {
        int size = -1;
        while (true) {
            try {
                Thread.sleep(settle);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            synchronized (seen) {
                if (seen.size() == size) {
                    break;
                }
                size = seen.size();
            }
        }
        synchronized (seen) {
            List<Command> result = List.copyOf(seen);
            seen.clear();
            return result;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
