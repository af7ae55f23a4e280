package com.waybillguard.waybill.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/** Typed configuration of waybill-service (prefix {@code wg}); every default is here, the README lists them all. */
@ConfigMapping(prefix = "wg")
public interface WaybillServiceConfig {

    /** How access grants are verified and redeemed. */
    Grant grant();

    /** Where audit events go. */
    Audit audit();

    /** The field policy. */
    @WithName("field-policy")
    Policy policy();

    /** The outlets waybills may name. */
    Outlets outlets();

    /** Account suspensions. */
    Suspension suspension();

    /** Bounds of the Redis commands a request makes. */
    Redis redis();

    /** Demo data seeding. */
    Seed seed();

    /** The detection rules this service decides (docs/api.md, "Accounts and suspension"). */
    Detection detection();

    interface Grant {
        /** Expected {@code iss} of a grant. */
        @WithDefault("waybill-guard-gateway")
        String issuer();

        /** Expected {@code aud} of a grant. */
        @WithDefault("waybill-service")
        String audience();

        /** URL of the gateway's JWK Set that holds the grant verification keys. */
        @WithDefault("http://127.0.0.1:8080/.well-known/jwks.json")
        String jwksUrl();

        /** Upper bound for one JWKS fetch. */
        @WithDefault("2s")
        Duration jwksTimeout();

        /** Minimum time between two JWKS fetches triggered by an unknown {@code kid}. */
        @WithDefault("5s")
        Duration jwksMinRefetchInterval();

        /**
         * Age after which cached keys are refreshed before the next read uses them: a key removed from the
         * gateway's JWK Set is refused at most this long after its removal.
         */
        @WithDefault("30s")
        Duration jwksMaxAge();

        /**
         * How long after the last successful fetch cached keys may still be used while refreshes fail; after that
         * reads answer 503 {@code grant-keys-unavailable} until a fetch succeeds. At least {@link #jwksMaxAge()}.
         */
        @WithDefault("2m")
        Duration jwksMaxStale();

        /** Clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}. */
        @WithDefault("5s")
        Duration clockSkew();

        /** Longest grant lifetime ({@code exp - iat}) accepted. */
        @WithDefault("300s")
        Duration maxLifetime();

        /** Prefix of a redeemed grant's Redis key, followed by the grant's {@code jti}. */
        @WithDefault("{wg}:grant:jti:")
        String jtiKeyPrefix();

        /** How long a redeemed {@code jti} is remembered after the grant expired. */
        @WithDefault("5s")
        Duration jtiGrace();
    }

    interface Audit {
        /** Redis stream the audit events are appended to. */
        @WithDefault("{wg}:audit:events")
        String stream();

        /** Upper bound for one append; a slower sink fails the request closed. */
        @WithDefault("2s")
        Duration appendTimeout();

        /**
         * Replicas that must acknowledge a read's Redis script (its audit entry, the grant's redemption) before the
         * read is answered ({@code WAIT} on the script's connection); fewer within {@link #replicaAckTimeout()}
         * answer 503 without the view. {@code 0}: no wait (a single Redis, or a deployment that accepts losing the
         * last second of entries when a primary fails).
         */
        @WithDefault("0")
        @Min(0)
        int replicaAcks();

        /** How long a read waits for {@link #replicaAcks()} replicas; below {@code wg.redis.timeout}. */
        @WithDefault("200ms")
        Duration replicaAckTimeout();

        /** Value of the event's {@code source}. */
        @WithDefault("waybill-service")
        String source();

        /** How often events of admin writes left in the outbox by a stream outage are appended again. */
        @WithDefault("1s")
        Duration outboxInterval();

        /**
         * This service's own key for signing its audit stream entries (HMAC-SHA256): base64 of at least 32 random
         * bytes, from a Secret; audit-service holds the same key to verify them (docs/internals.md, "Signed entries").
         */
        String signingKey();
    }

    interface Policy {
        /** Field policy file: {@code classpath:...} or a file-system path. */
        @WithDefault("classpath:policy/field-policy-v1.json")
        String file();
    }

    interface Outlets {
        /** Outlet directory file: {@code classpath:...} or a file-system path. */
        @WithDefault("classpath:outlets/outlets-v1.json")
        String file();
    }

    interface Suspension {
        /** Prefix of an account's suspension marker in Redis, followed by the account's {@code sub}. */
        @WithDefault("{wg}:account:suspended:")
        String keyPrefix();
    }

    interface Redis {
        /**
         * Longest one Redis command (suspension check, grant redemption) may take before the request fails with 503.
         * The clock runs on this service's event loop, so the bound must cover a busy loop as well as Redis: with 500 ms,
         * reads right after a start (JIT still compiling, 2 cores saturated) failed while Redis answered in microseconds.
         */
        @WithDefault("2s")
        Duration timeout();
    }

    interface Seed {
        /** Seed demo waybills into an empty table at start-up ({@code WG_SEED_DEMO}, as the launcher names it). */
        @WithDefault("false")
        boolean demo();

        /** Number of demo waybills to seed. */
        @WithDefault("10000")
        int waybills();

        /** Number of seeded waybills made canaries, picked at random among the generated (not fixed) ones. */
        @WithDefault("5")
        @Min(0)
        int canaries();

        /** Rows per insert batch. */
        @WithDefault("1000")
        int batchSize();

        /** Seed of the pseudo-random generator, so the demo data never changes. */
        @WithDefault("20261128")
        long randomSeed();
    }

    interface Detection {
        /** The HONEYTOKEN rule: a read of a canary waybill (severity CRITICAL, always). */
        Honeytoken honeytoken();

        interface Honeytoken {
            /** {@code enforce}: alert and suspend the reader at once; {@code shadow}: alert only. */
            @WithDefault("enforce")
            Mode mode();
        }

        /** What a rule does when it trips. */
        enum Mode {
            /** Raise the alert only. */
            SHADOW,
            /** Raise the alert and suspend the account, in the same Redis call. */
            ENFORCE
        }
    }
}
