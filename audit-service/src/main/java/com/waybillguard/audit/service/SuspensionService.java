package com.waybillguard.audit.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.config.DetectionConfig;
import com.waybillguard.audit.config.RedisConfig;
import com.waybillguard.audit.config.SuspensionConfig;
import com.waybillguard.audit.domain.Caller;
import com.waybillguard.audit.domain.ProblemException;
import com.waybillguard.audit.domain.ProblemType;
import com.waybillguard.audit.domain.SuspensionState;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Suspends, reinstates and checks accounts. The suspension key ({@code {wg}:account:suspended:<sub>}, prefix
 * {@code wg.suspension.key-prefix}; read by every service on every request) and the audit event recording the
 * action are written in one Redis MULTI/EXEC, so neither happens without the other. Every Redis call is bounded
 * by {@code wg.redis.timeout}; Redis away or too slow is {@code service-unavailable} (fail closed). Nobody suspends
 * or reinstates their own account ({@code forbidden}). Reinstatement gives a fresh start: it first deletes the
 * account's detection state (one {@code DEL} of its keys by name, bounded by
 * {@code wg.detection.reset-timeout}), so windows and alert marks recorded before the suspension cannot trip a rule
 * again at the account's next request.
 */
@ApplicationScoped
public class SuspensionService {

    /** The gateway's detection keys of an account (after {@code <prefix><sub>:}), as docs/internals.md names them. */
    private static final List<String> GATEWAY_DETECTION_KEYS = List.of("enumeration:times", "enumeration:numbers",
            "shared-account:devices", "shared-account:networks", "volume:grants",
            "enumeration:alerted", "shared-account:alerted", "volume:alerted", "enumeration:linked");
    /** The rules this service decides from the stream (their key segment). */
    private static final List<String> STREAM_RULES = List.of("scope-probing", "off-hours", "volume");

    /** Role recorded for the acting auditor. */
    public static final String AUDITOR_ROLE = "auditor";

    private static final Logger LOG = Logger.getLogger(SuspensionService.class);

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper mapper;
    private final StreamEntrySigner signer;
    private final String stream;
    private final String keyPrefix;
    private final Duration timeout;
    private final DetectionConfig detection;

    public SuspensionService(ReactiveRedisDataSource redis, ObjectMapper mapper, StreamEntrySigner signer, AuditConfig audit,
                             SuspensionConfig suspension, RedisConfig redisConfig, DetectionConfig detection) {
        this.redis = redis;
        this.signer = signer;
        this.mapper = mapper;
        this.stream = audit.stream();
        this.keyPrefix = suspension.keyPrefix();
        this.timeout = redisConfig.timeout();
        this.detection = detection;
    }

    /** Fails with {@code forbidden} when {@code by} acts on its own account: nothing is read or changed. */
    private static void notOwnAccount(String sub, Caller by, String action) {
        if (sub.equals(by.sub())) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "An account cannot " + action + " itself; another auditor must do it.");
        }
    }

    /** Fails with {@code account-suspended} when the caller's own account is suspended. */
    public Uni<Void> ensureNotSuspended(Caller caller) {
        return redis.key().exists(key(caller.sub()))
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(SuspensionService::unavailable)
                .invoke(suspended -> {
                    if (suspended) {
                        throw new ProblemException(ProblemType.ACCOUNT_SUSPENDED, "This account is suspended.");
                    }
                })
                .replaceWithVoid();
    }

    /** Suspends {@code sub}: sets its suspension key and appends {@code ACCOUNT_SUSPENDED}, both or neither. */
    public Uni<SuspensionState> suspend(String sub, String reason, Caller by) {
        notOwnAccount(sub, by, "suspend");
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        Map<String, String> state = new LinkedHashMap<>();
        state.put("reason", reason);
        state.put("by", by.name());
        state.put("at", at);
        String eventId = UUID.randomUUID().toString();
        String value = json(state);
        String event = event(eventId, at, "ACCOUNT_SUSPENDED", sub, reason, by);
        return redis.withTransaction(tx -> tx.value(String.class).set(key(sub), value)
                        .chain(() -> tx.stream(String.class).xadd(stream, signer.entry(event))))
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(SuspensionService::unavailable)
                .map(result -> {
                    if (result.discarded() || result.hasErrors()) {
                        throw ProblemException.unavailable("The suspension could not be recorded.");
                    }
                    LOG.infof("account suspended by %s (event %s)", by.name(), eventId);
                    return new SuspensionState(sub, true, reason, by.name(), at, eventId);
                });
    }

    /** Lifts the suspension of {@code sub}: deletes its key and appends {@code ACCOUNT_REINSTATED}, both or neither. */
    public Uni<SuspensionState> reinstate(String sub, String reason, Caller by) {
        notOwnAccount(sub, by, "reinstate");
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String eventId = UUID.randomUUID().toString();
        String event = event(eventId, at, "ACCOUNT_REINSTATED", sub, reason, by);
        return resetDetection(sub).chain(deleted -> redis.withTransaction(tx -> tx.key().del(key(sub))
                        .chain(() -> tx.stream(String.class).xadd(stream, signer.entry(event))))
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(SuspensionService::unavailable)
                .map(result -> {
                    if (result.discarded() || result.hasErrors()) {
                        throw ProblemException.unavailable("The reinstatement could not be recorded.");
                    }
                    LOG.infof("account reinstated by %s (event %s, %d detection keys deleted)", by.name(), eventId, deleted);
                    return new SuspensionState(sub, false, reason, by.name(), at, eventId);
                }));
    }

    /**
     * Deletes every detection key of {@code sub}, of every service, by name (docs/internals.md, "Detection state"):
     * one {@code DEL}, bounded by {@code wg.detection.reset-timeout}, whatever the size of the keyspace. Answers how
     * many keys went.
     */
    Uni<Integer> resetDetection(String sub) {
        return redis.execute("DEL", detectionKeys(detection.keyPrefix(), sub).toArray(String[]::new))
                .ifNoItem().after(detection.resetTimeout()).fail()
                .map(Response::toInteger)
                .invoke(n -> LOG.debugf("detection reset: %d keys", n))
                .onFailure().transform(SuspensionService::unavailable);
    }

    /**
     * The names of one account's detection keys: the gateway's windows of grant requests and their dedup marks, and
     * this service's windows of reads ({@code <rule>:reads}) and theirs.
     */
    static List<String> detectionKeys(String prefix, String sub) {
        String account = prefix + sub + ":";
        List<String> keys = new ArrayList<>();
        for (String gatewayKey : GATEWAY_DETECTION_KEYS) {
            keys.add(account + gatewayKey);
        }
        for (String rule : STREAM_RULES) {
            keys.add(account + rule + ":reads");
            keys.add(account + rule + ":reads:alerted");
        }
        return keys;
    }

    private String key(String sub) {
        return keyPrefix + sub;
    }

    private String event(String eventId, String at, String action, String targetSub, String reason, Caller by) {
        return OwnEvent.of(eventId, at, action)
                .actor(by.sub(), by.username(), AUDITOR_ROLE, null, null)
                .with("targetSub", targetSub)
                .with("decision", "ALLOW")
                .with("reason", reason)
                .json(mapper);
    }

    private String json(Map<String, ?> value) {
        return OwnEvent.json(mapper, value);
    }

    private static Throwable unavailable(Throwable failure) {
        if (failure instanceof ProblemException) {
            return failure;
        }
        LOG.warnf("Redis unavailable for an account action (%s)", failure.getClass().getSimpleName());
        return ProblemException.unavailable("The account store is unavailable; try again.");
    }
}
