package com.waybillguard.stack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The Redis users of the suite (docs/internals.md, "Redis users"): one per service, allowed only the commands its
 * code and its Lua scripts run and only its key patterns, an {@code operator} for people and tools (the benchmark,
 * {@code redis-cli}), and no anonymous access. Redis checks the same rules for every command a script calls, so a
 * service cannot reach further through {@code EVAL} than directly.
 *
 * <p>What the rules take away from a service whose password leaked: waybill-service cannot delete a suspension
 * marker, touch quotas, overrides or detection state, or read, trim or delete audit entries; the gateway cannot
 * delete anything (an override is removed field by field, {@code HDEL}), redeem a grant's jti, or read, trim or
 * delete audit entries; audit-service cannot touch quotas, overrides or jti records. None of them can run
 * {@code KEYS}, {@code FLUSHALL}, {@code CONFIG}, {@code ACL}, {@code MONITOR} or {@code CLIENT}. Redis 6.2 grants a
 * key pattern for every allowed command, so a service that sets suspension markers (the gateway's and
 * waybill-service's enforcing detection) could still overwrite one with a short expiry (Redis 7's selectors
 * would close that); audit-service's suspension reconciliation puts such a marker back and raises an alert.
 */
public final class RedisUsers {

    /** The user of people and tools with full access: the benchmark, {@code redis-cli}, the insider tests. */
    public static final String OPERATOR = "operator";

    /** Per service: its key patterns and commands, after {@code resetkeys} and {@code -@all}. */
    static final Map<String, String> SERVICE_RULES = Map.of(
            "access-gateway",
            "~{wg}:quota:* ~{wg}:detect:* ~{wg}:account:suspended:* ~{wg}:audit:events"
                    + " +ping +multi +exec +discard +evalsha +eval +script|load +wait"
                    + " +exists +get +set +incr +pexpire +hmget +hset +hdel"
                    + " +sadd +scard +srem +zadd +zcard +zcount +zscore +zrangebyscore +zrem +zremrangebyscore +xadd",
            "waybill-service",
            "~{wg}:account:suspended:* ~{wg}:grant:jti:* ~{wg}:audit:events"
                    + " +ping +evalsha +eval +script|load +wait +exists +set +xadd +time",
            "audit-service",
            "~{wg}:audit:events ~{wg}:audit:dead ~{wg}:account:suspended:* ~{wg}:detect:*"
                    + " +ping +multi +exec +discard +evalsha +eval +script|load +exists +set +del +pexpire"
                    + " +zadd +zcount +zrevrange +zrevrangebyscore +zremrangebyscore"
                    + " +xadd +xreadgroup +xack +xgroup|create +xautoclaim +xinfo|groups +xpending +xrange +xrevrange +xlen"
                    + " +xtrim");

    private RedisUsers() {
    }

    /** A service's rules: its key patterns and commands (the Kubernetes manifests carry the same, k8s-checks). */
    public static String rules(String service) {
        String rules = SERVICE_RULES.get(service);
        if (rules == null) {
            throw new IllegalArgumentException("no Redis user for " + service);
        }
        return rules;
    }

    /** The user names of the services, which are the services' names. */
    public static List<String> services() {
        return List.of("access-gateway", "waybill-service", "audit-service");
    }

    /**
     * The {@code user} directives of redis.conf: {@code default} off, the operator, and each service with its
     * rules; passwords given by user name, stored as their SHA-256 only.
     */
    static List<String> directives(Map<String, String> passwords) {
        List<String> lines = new ArrayList<>();
        lines.add("user default off resetpass resetkeys resetchannels -@all");
        lines.add("user " + OPERATOR + " on " + hash(passwords, OPERATOR) + " ~* &* +@all");
        for (String service : services()) {
            lines.add("user " + service + " on " + hash(passwords, service) + " resetkeys resetchannels -@all "
                    + SERVICE_RULES.get(service));
        }
        return lines;
    }

    private static String hash(Map<String, String> passwords, String user) {
        String password = passwords.get(user);
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("no Redis password for " + user);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
