package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.Admission;
import com.waybillguard.gateway.domain.AlertMode;
import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.ClientNetwork;
import com.waybillguard.gateway.domain.DetectionRule;
import com.waybillguard.gateway.domain.Identifiers;
import com.waybillguard.gateway.domain.QuotaDay;
import com.waybillguard.gateway.domain.QuotaDecision;
import com.waybillguard.gateway.domain.QuotaWindow;
import com.waybillguard.gateway.domain.RequestContext;
import com.waybillguard.gateway.domain.Trip;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides a grant request in ONE Redis round trip, atomically for every gateway replica: the account's
 * suspension, every quota window, and the grant-time detection rules (ENUMERATION, SHARED_ACCOUNT, VOLUME burst)
 * on the would-be grant; an admitted grant's {@code GRANT_ISSUED} event is appended to the audit stream by the same
 * script, before any quota is counted. An enforce-mode trip sets the suspension marker in the same script and consumes nothing;
 * a shadow-mode trip is reported at most once per account, rule and window. The script
 * ({@code lua/admission.lua}) is called by its SHA ({@code EVALSHA}), and sent again ({@code EVAL}) only when
 * Redis does not know it ({@code NOSCRIPT}, e.g. after a restart).
 *
 * <p>Time comes from the injected {@link Clock} (the script reads none; it gets "now" as an argument), so replicas
 * synchronised by NTP agree and tests move time instead of waiting. The minute and hour windows slide over the
 * account's log of its grants of the last hour; the daily windows are the calendar day of the account's zone
 * ({@link QuotaSettings#zone}), whose counters the gateway names by the local date ({@link QuotaDay}).
 *
 * <p>Every key the script touches is passed in {@code KEYS} (the quota keys of the request's day included),
 * and all of them share the hash tag of the suite's keys ({@code {wg}}, docs/internals.md "Key layout"), so the
 * script runs unchanged on Redis Cluster. With {@code wg.audit.replica-acks} &gt; 0 an admission is sent together with {@code WAIT} in one pipelined
 * batch on one connection (WAIT counts the writes of its own connection, and cannot run inside a script); a grant
 * that fewer replicas acknowledged within {@code wg.audit.replica-ack-timeout} is refused with 503.
 */
@Startup
@ApplicationScoped
public class GrantAdmission {

    /** {@code by} of a suspension marker set by detection here. */
    public static final String SUSPENDED_BY = "detection:access-gateway";

    static final String SCRIPT_RESOURCE = "/lua/admission.lua";

    private static final Logger LOG = Logger.getLogger(GrantAdmission.class);

    /** The account's own quota windows, in the order the script answers them; the shared day follows. */
    private static final List<String> ACCOUNT_WINDOWS = List.of("minute", "hour", "day");
    /** How long a daily counter outlives its local day (replicas' clocks differ by a little). */
    private static final Duration DAY_GRACE = Duration.ofMinutes(1);

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;
    private final QuotaSettings quotas;
    private final DetectionSettings detection;
    private final Clock clock;
    private final String script;
    private final String sha;
    private final int replicaAcks;
    private final Duration replicaAckTimeout;

    public GrantAdmission(ReactiveRedisDataSource redis, GatewayConfig config, QuotaSettings quotas,
                          DetectionSettings detection, Clock clock) {
        this.redis = redis;
        this.config = config;
        this.quotas = quotas;
        this.detection = detection;
        this.clock = clock;
        this.script = loadScript();
        this.sha = sha1(script);
        this.replicaAcks = config.audit().replicaAcks();
        this.replicaAckTimeout = config.audit().replicaAckTimeout();
        if (replicaAcks < 0) {
            throw new IllegalStateException("wg.audit.replica-acks must not be negative, not " + replicaAcks);
        }
        if (replicaAcks > 0 && (replicaAckTimeout.toMillis() < 1
                || replicaAckTimeout.compareTo(config.redis().timeout()) >= 0)) {
            throw new IllegalStateException("wg.audit.replica-ack-timeout must be at least 1ms and below wg.redis.timeout ("
                    + config.redis().timeout() + "), not " + replicaAckTimeout);
        }
    }

    /**
     * Checks and, when everything allows it, consumes one grant of the caller under {@code role}.
     *
     * @param alertId the id an enforce-mode alert of this request gets (named in the suspension marker)
     * @param issued  the signed {@code GRANT_ISSUED} entry the script appends to the audit stream when it admits
     */
    public Uni<Admission> admit(Caller caller, String role, String waybillNo, RequestContext request, String alertId,
                                AuditPublisher.SignedEntry issued) {
        Instant now = clock.instant();
        QuotaDay day = QuotaDay.of(now, quotas.zone(caller));
        QuotaSettings.SharedDay shared = quotas.sharedDay(caller, role);
        List<String> keys = keys(caller, shared, day);
        List<String> args = quotaArgs(role, shared, "admit", now, day);
        args.add(waybillNo);
        args.add(Long.toString(Identifiers.numericPart(waybillNo)));
        args.add(GrantService.deviceHash(request.deviceId()));
        args.add(ClientNetwork.of(request.clientIp()).orElse(""));
        args.add(java.util.UUID.randomUUID().toString());
        args.add(alertId);
        args.add(SUSPENDED_BY);
        args.add(now.toString());
        ruleArgs(args, DetectionRule.ENUMERATION, detection.distance(), detection.maxLinked(role));
        ruleArgs(args, DetectionRule.SHARED_ACCOUNT, detection.maxDevices(role), detection.maxNetworks(role));
        ruleArgs(args, DetectionRule.VOLUME, detection.maxGrants(role));
        args.add(issued.event());
        args.add(issued.keyId());
        args.add(issued.signature());
        return run(keys, args, true).map(response -> admission(response, windowNames(shared)));
    }

    /** The caller's quota windows, without consuming, checking or recording anything. */
    public Uni<QuotaDecision> quota(Caller caller, String role) {
        Instant now = clock.instant();
        QuotaDay day = QuotaDay.of(now, quotas.zone(caller));
        QuotaSettings.SharedDay shared = quotas.sharedDay(caller, role);
        return run(keys(caller, shared, day), quotaArgs(role, shared, "peek", now, day), false)
                .map(response -> new QuotaDecision(true, windows(response.get(1), windowNames(shared))));
    }

    /**
     * Runs the script by its SHA (by its text after {@code NOSCRIPT}); {@code durable}: an admission, whose grant
     * must reach {@code wg.audit.replica-acks} replicas before it is answered.
     */
    private Uni<Response> run(List<String> keys, List<String> args, boolean durable) {
        List<String> call = new ArrayList<>(keys.size() + args.size() + 2);
        call.add(sha);
        call.add(Integer.toString(keys.size()));
        call.addAll(keys);
        call.addAll(args);
        boolean wait = durable && replicaAcks > 0;
        Uni<Response> bySha = send(Command.EVALSHA, call, wait)
                .onFailure(GrantAdmission::unknownScript).recoverWithUni(() -> {
                    call.set(0, script);
                    return send(Command.EVAL, call, wait);
                });
        return RedisCalls.bounded(bySha, config.redis().timeout(), "grant admission");
    }

    /**
     * The script alone, or the script and {@code WAIT <replica-acks> <timeout>} pipelined on one connection, whose
     * answer must count enough replicas when the script admitted the grant (a refusal writes nothing that a lost
     * entry would hide: it is answered as it is).
     */
    private Uni<Response> send(Command command, List<String> call, boolean wait) {
        if (!wait) {
            return redis.execute(command, call.toArray(String[]::new));
        }
        Request scriptRequest = Request.cmd(command);
        call.forEach(scriptRequest::arg);
        Request waitRequest = Request.cmd(Command.WAIT).arg(replicaAcks).arg(replicaAckTimeout.toMillis());
        return redis.getRedis().batch(List.of(scriptRequest, waitRequest)).map(answers -> {
            Response answer = answers.get(0);
            long acknowledged = answers.get(1).toLong();
            if (answer.get(0).toLong() == 0 && acknowledged < replicaAcks) {
                LOG.warnf("grant admission: %d of %d replicas acknowledged within %s; grant refused", acknowledged,
                        replicaAcks, replicaAckTimeout);
                throw RedisCalls.unavailable("The grant could not be stored durably in time; nothing was granted."
                        + " Try again shortly.");
            }
            return answer;
        });
    }

    /** {@code NOSCRIPT}: alone, or prefixed with the failed command's place in a batch ({@code ERR [0] NOSCRIPT …}). */
    private static boolean unknownScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().contains("NOSCRIPT");
    }

    /** Every key the script touches, in its {@code KEYS} order (lua/admission.lua). */
    private List<String> keys(Caller caller, QuotaSettings.SharedDay shared, QuotaDay day) {
        String quota = quotas.keyPrefix();
        String state = detection.keyPrefix() + caller.sub() + ":";
        String account = quota + ":acct:" + caller.sub();
        return List.of(
                quota + ":override:" + caller.sub(),
                account + ":grants",
                account + ":day:" + day.date(),
                quota + ":" + shared.owner() + ":day:" + day.date(),
                config.suspension().keyPrefix() + caller.sub(),
                state + "enumeration:times",
                state + "enumeration:numbers",
                state + "shared-account:devices",
                state + "shared-account:networks",
                state + "volume:grants",
                state + "enumeration:alerted",
                state + "shared-account:alerted",
                state + "volume:alerted",
                state + "enumeration:linked",
                config.audit().stream());
    }

    private List<String> quotaArgs(String role, QuotaSettings.SharedDay shared, String op, Instant now, QuotaDay day) {
        GatewayConfig.Limits limits = quotas.limits(role);
        List<String> args = new ArrayList<>();
        args.add(op);
        args.add(Long.toString(limits.perMinute()));
        args.add(Long.toString(limits.perHour()));
        args.add(Long.toString(limits.perDay()));
        args.add(Long.toString(shared.ceiling()));
        args.add(Long.toString(day.secondsLeft()));
        args.add(Long.toString(day.millisLeft() + DAY_GRACE.toMillis()));
        args.add(Long.toString(now.toEpochMilli()));
        return args;
    }

    /** The names of the windows, in the order the script answers them. */
    private static List<String> windowNames(QuotaSettings.SharedDay shared) {
        List<String> names = new ArrayList<>(ACCOUNT_WINDOWS);
        names.add(shared.window());
        return names;
    }

    private void ruleArgs(List<String> args, DetectionRule rule, long... thresholds) {
        DetectionSettings.RuleSettings settings = detection.rule(rule);
        args.add(settings.mode().value());
        args.add(Long.toString(settings.window().toMillis()));
        for (long threshold : thresholds) {
            args.add(Long.toString(threshold));
        }
    }

    private static Admission admission(Response response, List<String> names) {
        long outcome = response.get(0).toLong();
        List<QuotaWindow> windows = windows(response.get(1), names);
        List<Trip> trips = new ArrayList<>();
        for (int i = 2; i < response.size(); i++) {
            trips.add(trip(response.get(i)));
        }
        return switch ((int) outcome) {
            case 0 -> new Admission(Admission.Outcome.GRANTED, new QuotaDecision(true, windows), Optional.empty(), trips);
            case 1 -> new Admission(Admission.Outcome.QUOTA_EXCEEDED, new QuotaDecision(false, windows),
                    Optional.empty(), List.of());
            case 2 -> new Admission(Admission.Outcome.SUSPENDED, new QuotaDecision(false, windows),
                    Optional.empty(), List.of());
            case 3 -> new Admission(Admission.Outcome.TRIPPED, new QuotaDecision(false, windows),
                    Optional.of(trips.get(0)), List.of());
            default -> throw new IllegalStateException("admission script answered outcome " + outcome);
        };
    }

    private static List<QuotaWindow> windows(Response flat, List<String> names) {
        List<QuotaWindow> windows = new ArrayList<>();
        for (int i = 0; i + 2 < flat.size(); i += 3) {
            long limit = flat.get(i).toLong();
            long used = flat.get(i + 1).toLong();
            windows.add(new QuotaWindow(names.get(windows.size()), limit, Math.max(0, limit - used),
                    flat.get(i + 2).toLong()));
        }
        return List.copyOf(windows);
    }

    private static Trip trip(Response trip) {
        DetectionRule rule = DetectionRule.valueOf(trip.get(0).toString());
        AlertMode mode = AlertMode.parse(trip.get(1).toString()).orElseThrow();
        Map<String, Long> figures = new LinkedHashMap<>();
        for (int i = 2; i + 1 < trip.size(); i += 2) {
            figures.put(trip.get(i).toString(), trip.get(i + 1).toLong());
        }
        return new Trip(rule, mode, figures);
    }

    private static String loadScript() {
        try (InputStream in = GrantAdmission.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("admission script " + SCRIPT_RESOURCE + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }
}
