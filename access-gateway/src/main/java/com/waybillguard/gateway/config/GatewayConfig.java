package com.waybillguard.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed configuration of the access gateway (prefix {@code wg}). */
@ConfigMapping(prefix = "wg")
public interface GatewayConfig {

    /** Grant issuance and signing. */
    Grant grant();

    /** Which realm role may ask for which purposes. */
    Access access();

    /** Quotas per role, per account override and per outlet. */
    Quota quota();

    /** Bound of the Redis calls. */
    Redis redis();

    /** How many API requests are served at once, and how many may wait. */
    Load load();

    /** Where audit-service records account suspensions. */
    Suspension suspension();

    /** Audit event delivery. */
    Audit audit();

    /** The browser consoles. */
    Console console();

    interface Console {
        /**
         * Encrypts the consoles' session and state cookies: at least 32 characters, the
         * same on every gateway replica, from a Secret ({@code WG_CONSOLE_SESSION_SECRET}); required.
         */
        String sessionSecret();

        /** How long a waybill view stays on the clerk console's screen before it clears itself. */
        @WithDefault("60s")
        Duration viewLifetime();
    }

    interface Grant {
        /** {@code iss} claim of every grant. */
        @WithDefault("waybill-guard-gateway")
        String issuer();

        /** {@code aud} claim of every grant. */
        @WithDefault("waybill-service")
        String audience();

        /** Lifetime of a grant ({@code exp - iat}); at most 300 s, checked at start. */
        @WithDefault("60s")
        Duration ttl();

        /** PKCS#8 PEM of the EC P-256 signing key, given as a value (e.g. from a Kubernetes Secret). */
        Optional<String> signingKey();

        /** Path of a PKCS#8 PEM file holding the EC P-256 signing key. */
        Optional<String> signingKeyLocation();

        /**
         * Keys of earlier rotations that still verify (never sign): PEM values, public ({@code BEGIN PUBLIC KEY})
         * or PKCS#8 private, comma separated. Published in the JWK Set until removed.
         */
        Optional<List<String>> previousKeys();

        /**
         * A directory whose {@code *.pem} files (or one PEM file) are keys of earlier rotations, e.g. a mounted
         * Kubernetes Secret; same formats and role as {@link #previousKeys()}.
         */
        Optional<String> previousKeysLocation();

        /** Seconds a client may cache the JWK Set. */
        @WithDefault("60")
        int jwksMaxAgeSeconds();
    }

    interface Access {
        /** Role name to the purposes it may ask a grant for; a role absent here gets none. */
        Map<String, List<String>> purposes();
    }

    interface Quota {
        /** Default limits per realm role: per minute and per hour sliding, per day in the account's time zone. */
        Map<String, Limits> roles();

        /** Default ceiling of grants per outlet per (local) day, all of the outlet's accounts together. */
        @WithDefault("20000")
        long outletPerDay();

        /** Per-outlet overrides of {@link #outletPerDay()}, keyed by outlet id. */
        Map<String, Long> outlets();

        /**
         * Default ceiling of grants per (local) day of all the accounts of one role that have no outlet (customer
         * service agents): without it, each of them would be bounded only by their own day.
         */
        @WithDefault("20000")
        long rolePerDay();

        /** Per-role overrides of {@link #rolePerDay()}, keyed by realm role. */
        Map<String, Long> roleCeilings();

        /**
         * Time zone (an IANA id) whose calendar day the daily windows count in: of accounts without an outlet, and of
         * outlets without their own in {@link #outletZones()}. Counting in UTC would turn the day at 08:00 in Beijing.
         */
        @WithDefault("Asia/Shanghai")
        String zone();

        /** Per-outlet time zones of the daily windows, keyed by outlet id. */
        Map<String, String> outletZones();

        /**
         * The highest limits an admin may give one account ({@code PUT /api/v1/admin/quotas/accounts/{sub}}): an
         * override above them is refused, so a rented or compromised admin account cannot lift a clerk's quota to
         * the bulk export the quotas exist to stop.
         */
        Limits overrideMax();

        /** Redis key prefix of the counters and overrides. */
        @WithDefault("{wg}:quota")
        String keyPrefix();
    }

    interface Limits {
        /** Grants per minute. */
        long perMinute();

        /** Grants per hour. */
        long perHour();

        /** Grants per day. */
        long perDay();
    }

    interface Load {
        /**
         * API requests served at once; more wait in line, without any of their time bounds running, so that a burst
         * slows requests down instead of making their Redis and inner-service calls time out.
         */
        @WithDefault("16")
        int maxInFlight();

        /** Requests that may wait in line; beyond them the gateway is overloaded and answers 503 with Retry-After. */
        @WithDefault("4096")
        int maxQueued();
    }

    interface Redis {
        /**
         * Upper bound of any single Redis call; beyond it the request fails closed with 503. It covers a busy event
         * loop as well as Redis (see waybill-service's bound), so it is generous: Redis itself answers in microseconds.
         */
        @WithDefault("2s")
        Duration timeout();
    }

    interface Suspension {
        /** Redis key prefix of account suspensions: {@code <prefix><sub>}, set and deleted by audit-service. */
        @WithDefault("{wg}:account:suspended:")
        String keyPrefix();
    }

    interface Audit {
        /** Redis stream the audit events are appended to. */
        @WithDefault("{wg}:audit:events")
        String stream();

        /** Upper bound of one append (XADD); beyond it the request fails closed with 503. */
        @WithDefault("2s")
        Duration appendTimeout();

        /**
         * Replicas that must acknowledge a grant's admission (its {@code GRANT_ISSUED} entry) before the grant is
         * answered ({@code WAIT} on the script's connection); fewer within {@link #replicaAckTimeout()} refuse the
         * grant with 503. {@code 0}: no wait (a single Redis, or a deployment that accepts losing the last second
         * of entries when a primary fails).
         */
        @WithDefault("0")
        int replicaAcks();

        /** How long a grant's admission waits for {@link #replicaAcks()} replicas; below {@code wg.redis.timeout}. */
        @WithDefault("200ms")
        Duration replicaAckTimeout();

        /** {@code source} of the events this service writes. */
        @WithDefault("access-gateway")
        String source();

        /**
         * This service's own key for signing its audit stream entries (HMAC-SHA256): base64 of at least 32 random
         * bytes, from a Secret; audit-service holds the same key to verify them (docs/internals.md, "Signed entries").
         */
        String signingKey();
    }
}
