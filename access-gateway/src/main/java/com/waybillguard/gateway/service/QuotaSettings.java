package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.Caller;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated quota configuration ({@code wg.quota.*}): the role defaults, the daily ceilings shared by the
 * accounts of one outlet or, for accounts without an outlet, of one role, and the time zone whose calendar day each
 * account's daily windows count in. A missing role, a negative limit or ceiling, a ceiling for a role that never
 * gets a grant, or a zone id Java does not know stops the start with a message naming the property, instead of a
 * gateway that grants without the ceiling it was given.
 */
@Startup
@ApplicationScoped
public class QuotaSettings {

    /**
     * The daily ceiling an account shares with others: its outlet's ({@code outlet-day}) or, for an account without an
     * outlet, its role's ({@code role-day}).
     *
     * @param window  the window's name in the quota answers
     * @param owner   what the counter is named after: {@code outlet:<outlet>} or {@code role:<role>}
     * @param ceiling grants per day of all the accounts sharing it
     */
    public record SharedDay(String window, String owner, long ceiling) {
    }

    private static final String PREFIX = "wg.quota.";

    private final GatewayConfig.Quota config;
    private final ZoneId zone;
    private final Map<String, ZoneId> outletZones;

    @Inject
    public QuotaSettings(GatewayConfig config) {
        this(config.quota());
    }

    QuotaSettings(GatewayConfig.Quota config) {
        this.config = config;
        for (String role : AccessPolicy.GRANT_ROLES) {
            if (!config.roles().containsKey(role)) {
                throw new IllegalStateException(PREFIX + "roles." + role + " is missing (per-minute, per-hour, per-day)");
            }
        }
        config.roles().forEach((role, limits) -> {
            if (limits.perMinute() < 0 || limits.perHour() < 0 || limits.perDay() < 0) {
                throw new IllegalStateException(PREFIX + "roles." + role + ": limits must not be negative");
            }
        });
        notNegative(PREFIX + "outlet-per-day", config.outletPerDay());
        config.outlets().forEach((outlet, ceiling) -> notNegative(PREFIX + "outlets.\"" + outlet + "\"", ceiling));
        notNegative(PREFIX + "role-per-day", config.rolePerDay());
        config.roleCeilings().forEach((role, ceiling) -> {
            if (!AccessPolicy.GRANT_ROLES.contains(role)) {
                throw new IllegalStateException(PREFIX + "role-ceilings." + role + ": only " + AccessPolicy.GRANT_ROLES
                        + " get grants");
            }
            notNegative(PREFIX + "role-ceilings." + role, ceiling);
        });
        this.zone = zone(PREFIX + "zone", config.zone());
        Map<String, ZoneId> zones = new LinkedHashMap<>();
        config.outletZones().forEach((outlet, id) -> zones.put(outlet,
                zone(PREFIX + "outlet-zones.\"" + outlet + "\"", id)));
        this.outletZones = Map.copyOf(zones);
    }

    /** The role's default limits (an account override, kept in Redis, replaces them). */
    public GatewayConfig.Limits limits(String role) {
        return config.roles().get(role);
    }

    /** The zone of the caller's calendar day: its outlet's, else {@code wg.quota.zone}. */
    public ZoneId zone(Caller caller) {
        return caller.outletId() == null ? zone : outletZones.getOrDefault(caller.outletId(), zone);
    }

    /** The daily ceiling the caller shares when asking under {@code role}: its outlet's, or, without one, its role's. */
    public SharedDay sharedDay(Caller caller, String role) {
        if (caller.outletId() == null) {
            return new SharedDay("role-day", "role:" + role, config.roleCeilings().getOrDefault(role, config.rolePerDay()));
        }
        return new SharedDay("outlet-day", "outlet:" + caller.outletId(),
                config.outlets().getOrDefault(caller.outletId(), config.outletPerDay()));
    }

    public String keyPrefix() {
        return config.keyPrefix();
    }

    private static void notNegative(String property, long value) {
        if (value < 0) {
            throw new IllegalStateException(property + " must not be negative, was " + value);
        }
    }

    private static ZoneId zone(String property, String id) {
        try {
            return ZoneId.of(id.trim());
        } catch (DateTimeException e) {
            throw new IllegalStateException(property + " must be a time zone id such as Asia/Shanghai, was '" + id + "'");
        }
    }
}
