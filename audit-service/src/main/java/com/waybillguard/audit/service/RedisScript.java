package com.waybillguard.audit.service;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script of this service (a resource under {@code /lua}), called by its SHA-1 with {@code EVALSHA}: Redis
 * hashes and compiles a script once, instead of hashing the whole text on every {@code EVAL}. When Redis does not
 * know the SHA ({@code NOSCRIPT}: it restarted, or its script cache was flushed) the call is sent once more with
 * {@code EVAL}, which caches the script again; the next calls go by the SHA.
 */
final class RedisScript {

    private static final String NO_SCRIPT = "NOSCRIPT";

    private final String text;
    private final String sha;

    private RedisScript(String text) {
        this.text = text;
        this.sha = sha1(text);
    }

    /** The script in the resource {@code path}; a script missing from the build stops the service at start. */
    static RedisScript fromResource(String path) {
        try (InputStream in = RedisScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Redis script " + path + " missing from the build");
            }
            return new RedisScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script with {@code keys} and {@code args}; unbounded (the caller bounds it). */
    Uni<Response> call(ReactiveRedisDataSource redis, List<String> keys, List<String> args) {
        String[] command = new String[2 + keys.size() + args.size()];
        command[0] = sha;
        command[1] = String.valueOf(keys.size());
        int i = 2;
        for (String key : keys) {
            command[i++] = key;
        }
        for (String arg : args) {
            command[i++] = arg;
        }
        return redis.execute("EVALSHA", command)
                .onFailure(f -> f.getMessage() != null && f.getMessage().startsWith(NO_SCRIPT))
                .recoverWithUni(() -> {
                    String[] whole = command.clone();
                    whole[0] = text;
                    return redis.execute("EVAL", whole);
                });
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
