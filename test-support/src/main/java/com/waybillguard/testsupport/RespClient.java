package com.waybillguard.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw Redis connection speaking RESP2, for acting as an insider who holds a service's Redis credentials, and for
 * setting up test topologies (a cluster node's slots, a replica): every command goes to the server as typed, and
 * every reply comes back as it is, errors included ({@link Error}).
 */
public final class RespClient implements AutoCloseable {

    /** An error reply, such as {@code NOPERM …} or {@code NOAUTH …}. */
    public record Error(String message) {
    }

    private static final int TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to the host and port of {@code redisUrl}, authenticating with its user and password if it has them. */
    public static RespClient connect(String redisUrl) {
        URI uri = URI.create(redisUrl);
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            RespClient client = new RespClient(socket);
            if (uri.getUserInfo() != null) {
                String[] credentials = uri.getUserInfo().split(":", 2);
                Object reply = client.call("AUTH", credentials[0], credentials[1]);
                if (!"OK".equals(reply)) {
                    client.close();
                    throw new IllegalStateException("AUTH as " + credentials[0] + " failed: " + reply);
                }
            }
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Redis at " + uri.getHost() + ":" + uri.getPort(), e);
        }
    }

    /**
     * Sends one command and answers its reply: a {@code String} (simple or bulk), a {@code Long}, a {@code List},
     * {@code null}, or an {@link Error}.
     */
    public Object call(String... command) {
        try {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String part : command) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.writeBytes(bytes);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(request.toByteArray());
            out.flush();
            return reply();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis connection failed", e);
        }
    }

    /** One field of {@code INFO <section>} (such as {@code process_id} or {@code master_link_status}), or {@code null}. */
    public String info(String section, String field) {
        return field(field, "INFO", section);
    }

    /**
     * One field of a command that answers {@code field:value} lines ({@code INFO}, {@code CLUSTER INFO}), or
     * {@code null} when the answer has no such field.
     */
    public String field(String field, String... command) {
        Object reply = call(command);
        if (!(reply instanceof String text)) {
            throw new IllegalStateException(String.join(" ", command) + " answered " + reply);
        }
        for (String line : text.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    private Object reply() throws IOException {
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> new Error(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                String value = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                line();
                yield value;
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(reply());
                }
                yield items;
            }
            default -> throw new IOException("not a RESP reply: " + (char) type);
        };
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.write(b);
        }
        in.read();
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
