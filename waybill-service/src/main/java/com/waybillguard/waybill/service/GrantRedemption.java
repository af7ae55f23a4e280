package com.waybillguard.waybill.service;

import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import com.waybillguard.waybill.mapping.AuditEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Redeems a grant (docs/architecture.md, "Glossary") at the end of a read, in ONE Redis call (the script
 * {@code lua/read.lua}, loaded once and called by its SHA-1): the reader's suspension marker is checked
 * ({@code account-suspended}, the grant stays unused), the grant's {@code jti} is recorded once
 * ({@code wg.grant.jti-key-prefix + jti}, a second use is {@code grant-replayed}), the read's audit event is
 * appended ({@code audit-unavailable} when the stream refuses it: no event, no data) and, for a canary, the
 * {@link HoneytokenRule}'s alert and suspension are written. A canary read and any other read make the same single
 * call. Redis' clock alone decides the end: the script refuses a grant whose {@code exp} plus
 * {@code wg.grant.clock-skew} has passed by Redis' {@code TIME} ({@code grant-expired}), and keeps the record until
 * {@code exp} plus {@code wg.grant.jti-grace} (no shorter than the skew) by the same clock, so the record outlives
 * every moment the grant can be redeemed, whatever the replicas' clocks say. The call is bounded by {@code wg.redis.timeout}: a Redis that is down or slow
 * is {@code service-unavailable}.
 *
 * <p>The script's three keys share the hash tag of the suite's keys ({@code {wg}}, docs/internals.md "Key layout"),
 * so it runs unchanged on Redis Cluster. With {@code wg.audit.replica-acks} &gt; 0 the script is sent together with {@code WAIT} in one pipelined
 * batch on one connection (WAIT counts the writes of its own connection, and cannot run inside a script): a read
 * whose script wrote its entry but that fewer replicas acknowledged within {@code wg.audit.replica-ack-timeout} is
 * {@code service-unavailable}, without the view. The grant is spent all the same (its record is on the primary),
 * and the read's refusal follows its event on the stream.
 */
@ApplicationScoped
public class GrantRedemption {

    private static final String SCRIPT_RESOURCE = "/lua/read.lua";
    private static final String NO_SCRIPT = "NOSCRIPT";
    private static final String KEYS = "3";
    private static final String NO_TRIP = "none";
    private static final String OK = "OK";
    private static final Logger LOG = Logger.getLogger(GrantRedemption.class);

    private final ReactiveRedisDataSource redis;
    private final AuditPublisher audit;
    private final String script;
    private final String sha;
    private final String suspensionPrefix;
    private final String jtiPrefix;
    private final Duration skew;
    private final Duration grace;
    private final Duration timeout;
    private final int replicaAcks;
    private final Duration replicaAckTimeout;

    GrantRedemption(ReactiveRedisDataSource redis, AuditPublisher audit, WaybillServiceConfig config) {
        this.redis = redis;
        this.audit = audit;
        this.script = loadScript();
        this.sha = sha1(script);
        this.suspensionPrefix = config.suspension().keyPrefix();
        this.jtiPrefix = config.grant().jtiKeyPrefix();
        this.skew = config.grant().clockSkew();
        this.grace = config.grant().jtiGrace();
        if (grace.compareTo(skew) < 0) {
            throw new IllegalStateException("wg.grant.jti-grace (" + grace + ") must not be shorter than "
                    + "wg.grant.clock-skew (" + skew + "): a redeemed grant's record must outlive every moment "
                    + "the grant can still be redeemed");
        }
        this.timeout = config.redis().timeout();
        this.replicaAcks = config.audit().replicaAcks();
        this.replicaAckTimeout = config.audit().replicaAckTimeout();
        if (replicaAcks > 0 && (replicaAckTimeout.toMillis() < 1 || replicaAckTimeout.compareTo(timeout) >= 0)) {
            throw new IllegalStateException("wg.audit.replica-ack-timeout must be at least 1ms and below wg.redis.timeout ("
                    + timeout + "), not " + replicaAckTimeout);
        }
    }

    /**
     * Checks the suspension, records the grant's {@code jti} and appends {@code event} (the read, or its refusal by
     * the field policy), plus what {@code trip} holds ({@code null}: nothing), atomically.
     */
    public Uni<Void> redeem(VerifiedGrant grant, AuditEvent event, HoneytokenRule.Trip trip) {
        List<String> args = new ArrayList<>(List.of(KEYS, suspensionPrefix + grant.sub(), jtiPrefix + grant.jti(),
                audit.stream(), grant.sub(), Long.toString(grant.expiresAt().toEpochMilli()),
                Long.toString(skew.toMillis()), Long.toString(grace.toMillis())));
        audit.signed(event).addTo(args);
        if (trip == null) {
            args.add(NO_TRIP);
        } else {
            args.add(trip.mode());
            audit.signed(trip.alert()).addTo(args);
            if (trip.suspended() != null) {
                audit.signed(trip.suspended()).addTo(args);
                args.add(trip.marker());
            }
        }
        String[] evalArgs = args.toArray(String[]::new);
        return RedisCalls.bounded(evalsha(evalArgs), timeout)
                .flatMap(answer -> outcome(answer, event));
    }

    /** Loads the script into Redis' cache (at start-up, so the first read needs no second round trip). */
    public Uni<Void> warmUp() {
        return RedisCalls.bounded(redis.execute("SCRIPT", "LOAD", script), timeout).replaceWithVoid();
    }

    /** EVALSHA; after a Redis restart or SCRIPT FLUSH (NOSCRIPT) once more with EVAL, which caches it again. */
    private Uni<Response> evalsha(String[] args) {
        return send(Command.EVALSHA, prepend(sha, args))
                // NOSCRIPT alone, or prefixed with the command's place in a batch (ERR [0] NOSCRIPT ...)
                .onFailure(f -> f.getMessage() != null && f.getMessage().contains(NO_SCRIPT))
                .recoverWithUni(() -> send(Command.EVAL, prepend(script, args)));
    }

    /**
     * The script alone, or (replica acknowledgements required) the script and {@code WAIT <replica-acks> <timeout>}
     * pipelined on one connection. A script that wrote (answer {@code OK}) needs enough replicas; one that wrote
     * nothing (suspended, replayed, the stream refused the event) is answered as it is.
     */
    private Uni<Response> send(Command command, String[] args) {
        if (replicaAcks == 0) {
            return redis.execute(command, args);
        }
        Request scriptRequest = Request.cmd(command);
        for (String arg : args) {
            scriptRequest.arg(arg);
        }
        Request waitRequest = Request.cmd(Command.WAIT).arg(replicaAcks).arg(replicaAckTimeout.toMillis());
        return redis.getRedis().batch(List.of(scriptRequest, waitRequest)).map(answers -> {
            Response answer = answers.get(0);
            long acknowledged = answers.get(1).toLong();
            if (answer != null && OK.equals(answer.toString()) && acknowledged < replicaAcks) {
                LOG.warnf("read: %d of %d replicas acknowledged within %s; answered 503", acknowledged, replicaAcks,
                        replicaAckTimeout);
                throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                        "Access checks are unavailable; try again shortly.");
            }
            return answer;
        });
    }

    private Uni<Void> outcome(Response answer, AuditEvent event) {
        String code = answer == null ? "" : answer.toString();
        return switch (code) {
            case OK -> Uni.createFrom().voidItem();
            case "SUSPENDED" -> Uni.createFrom().failure(
                    new ProblemException(ProblemType.ACCOUNT_SUSPENDED, "This account is suspended."));
            case "REPLAYED" -> Uni.createFrom().failure(
                    new ProblemException(ProblemType.GRANT_REPLAYED, "This access grant was already used."));
            case "EXPIRED" -> Uni.createFrom().failure(
                    new ProblemException(ProblemType.GRANT_EXPIRED, "The access grant has expired."));
            case "AUDIT_FAILED" -> Uni.createFrom().failure(audit.failed(event, "stream refused the event"));
            default -> Uni.createFrom().failure(new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                    "Access checks are unavailable; try again shortly."));
        };
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String loadScript() {
        try (InputStream in = GrantRedemption.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("read script " + SCRIPT_RESOURCE + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
