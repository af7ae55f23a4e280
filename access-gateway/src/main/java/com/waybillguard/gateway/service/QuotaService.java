package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.QuotaDecision;
import com.waybillguard.gateway.domain.QuotaWindow;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Grant quotas in Redis: per account per minute/hour/day (role defaults from configuration,
 * per-account overrides in Redis) and a per-outlet daily ceiling, checked and consumed together
 * by one Lua script (one round trip) so that replicas share them and nothing is consumed on a refusal.
 * The windows are fixed, aligned on epoch seconds of the injected {@link Clock} (the system clock; replicas
 * are NTP-synchronised), which the script receives as an argument.
 */
@Startup
@ApplicationScoped
public class QuotaService {

    private static final List<String> WINDOW_NAMES = List.of("minute", "hour", "day", "outlet-day");

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;
    private final Clock clock;
    private final String script;

    public QuotaService(ReactiveRedisDataSource redis, GatewayConfig config, Clock clock) {
        this.redis = redis;
        this.config = config;
        this.clock = clock;
        this.script = loadScript();
        config.quota().roles().forEach((role, limits) -> {
            if (limits.perMinute() < 0 || limits.perHour() < 0 || limits.perDay() < 0) {
                throw new IllegalStateException("wg.quota.roles." + role + ": limits must not be negative");
            }
        });
        for (String role : AccessPolicy.GRANT_ROLES) {
            if (!config.quota().roles().containsKey(role)) {
                throw new IllegalStateException("wg.quota.roles." + role + " is missing (per-minute, per-hour, per-day)");
            }
        }
    }

    /** Checks every window of the caller and consumes one unit from each only if all allow it. */
    public Uni<QuotaDecision> consume(Caller caller, String role) {
        return run(caller, role, true);
    }

    /** The caller's windows without consuming anything. */
    public Uni<QuotaDecision> peek(Caller caller, String role) {
        return run(caller, role, false);
    }

    public Uni<Void> setOverride(String sub, long perMinute, long perHour, long perDay) {
        return RedisCalls.bounded(redis.hash(String.class).hset(overrideKey(sub), Map.of(
                "perMinute", Long.toString(perMinute),
                "perHour", Long.toString(perHour),
                "perDay", Long.toString(perDay))), config.redis().timeout(), "quota override").replaceWithVoid();
    }

    public Uni<Boolean> removeOverride(String sub) {
        return RedisCalls.bounded(redis.key().del(overrideKey(sub)), config.redis().timeout(), "quota override")
                .map(deleted -> deleted > 0);
    }

    private Uni<QuotaDecision> run(Caller caller, String role, boolean consume) {
        GatewayConfig.Limits limits = config.quota().roles().get(role);
        String prefix = config.quota().keyPrefix();
        List<String> args = new ArrayList<>();
        args.add("EVAL");
        args.add(script);
        boolean withOutlet = caller.outletId() != null;
        args.add(withOutlet ? "3" : "2");
        args.add(overrideKey(caller.sub()));
        args.add(prefix + ":acct:" + caller.sub());
        if (withOutlet) {
            args.add(prefix + ":outlet:" + caller.outletId());
        }
        args.add(consume ? "1" : "0");
        args.add(Long.toString(limits.perMinute()));
        args.add(Long.toString(limits.perHour()));
        args.add(Long.toString(limits.perDay()));
        args.add(Long.toString(withOutlet
                ? config.quota().outlets().getOrDefault(caller.outletId(), config.quota().outletPerDay())
                : config.quota().outletPerDay()));
        args.add(Long.toString(clock.instant().getEpochSecond()));
        String command = args.remove(0);
        return RedisCalls.bounded(redis.execute(command, args.toArray(String[]::new)),
                config.redis().timeout(), "quota").map(QuotaService::decision);
    }

    private static QuotaDecision decision(Response response) {
        boolean denied = response.get(0).toLong() == 1L;
        List<QuotaWindow> windows = new ArrayList<>();
        for (int i = 1; i + 2 < response.size(); i += 3) {
            long limit = response.get(i).toLong();
            long used = response.get(i + 1).toLong();
            long reset = response.get(i + 2).toLong();
            windows.add(new QuotaWindow(WINDOW_NAMES.get(windows.size()), limit, Math.max(0, limit - used), reset));
        }
        return new QuotaDecision(!denied, List.copyOf(windows));
    }

    private String overrideKey(String sub) {
        return config.quota().keyPrefix() + ":override:" + sub;
    }

    private static String loadScript() {
        try (InputStream in = QuotaService.class.getResourceAsStream("/lua/quota.lua")) {
            if (in == null) {
                throw new IllegalStateException("quota script /lua/quota.lua missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
