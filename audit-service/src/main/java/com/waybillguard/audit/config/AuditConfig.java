package com.waybillguard.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Optional;

/** Typed configuration of audit-service ({@code wg.audit.*}). */
@ConfigMapping(prefix = "wg.audit")
public interface AuditConfig {

    /** Consuming the audit event stream. */
    Ingest ingest();

    /** The auditors' query API. */
    Query query();

    /** Redis Stream the producers append events to and audit-service consumes (also where suspensions are recorded). */
    @WithDefault("{wg}:audit:events")
    String stream();

    /**
     * This service's key for signing the entries it appends to the stream itself (suspensions, alerts, resolutions):
     * base64 of at least 32 random bytes, from a Secret (docs/internals.md, "Signed entries").
     */
    String signingKey();

    /** The keys that verify other producers' stream entries. */
    StreamKeys streamKeys();

    /** Signed checkpoints of the chain head. */
    Checkpoint checkpoint();

    /** Monthly partitions of the event table. */
    Partitions partitions();

    /**
     * How long events are kept (ISO-8601 period); whole months older than this are dropped. At least
     * three years (PIPL art. 56) unless {@code retention-below-minimum-allowed} is set.
     */
    @WithDefault("P3Y")
    Period retention();

    /** Allows a retention below three years; for tests only, never in production. */
    @WithDefault("false")
    boolean retentionBelowMinimumAllowed();

    /**
     * How long after start the periodic jobs (checkpoints, stream trimming, backlog gauges) wait before their
     * first run; partition maintenance runs at start and then every {@code partitions.every}.
     */
    @WithDefault("10s")
    Duration jobsStartDelay();

    /** When the retention job runs (cron, UTC; {@code off} disables it). */
    @WithDefault("0 30 3 * * ?")
    String retentionCron();

    /**
     * Per producing service, the keys its stream entries may be signed with (base64, comma-separated: the current key
     * and, during a rotation, the previous one). An entry verifies only with a key of the service its {@code source}
     * names; audit-service's own {@code signing-key} is trusted for {@code audit-service} without being listed.
     */
    interface StreamKeys {

        Optional<List<String>> accessGateway();

        Optional<List<String>> waybillService();

        /** Earlier keys of audit-service itself, during a rotation. */
        Optional<List<String>> auditService();
    }

    interface Partitions {

        /** Months created ahead of the current one, so inserts never land in the default partition. */
        @WithDefault("3")
        int monthsAhead();

        /** How often partitions are created ahead (also once at start). */
        @WithDefault("24h")
        Duration every();
    }

    interface Ingest {

        /** Whether this replica consumes the stream at all. */
        @WithDefault("true")
        boolean enabled();

        /** Dead-letter stream for entries that cannot be parsed or validated. */
        @WithDefault("{wg}:audit:dead")
        String deadLetterStream();

        /** Consumer group shared by every replica. */
        @WithDefault("audit-service")
        String group();

        /** Consumer name prefix; a random suffix makes it unique per replica (defaults to the host name). */
        Optional<String> consumerName();

        /** Concurrent consumer loops in this replica (each a distinct consumer of the group). */
        @WithDefault("1")
        int consumers();

        /** Entries read per XREADGROUP, stored in one transaction. */
        @WithDefault("200")
        int batchSize();

        /** How long one XREADGROUP blocks waiting for entries; keep below the Redis client timeout. */
        @WithDefault("2s")
        Duration block();

        /**
         * After a batch that was not full, wait this long before reading again, so that under a steady load the
         * next batch gathers more entries (one transaction and one detection call for many events instead of a
         * few); it adds at most this much to the audit lag. {@code 0} reads again at once.
         */
        @WithDefault("50ms")
        Duration linger();

        /** Pause after a failed iteration (Redis or PostgreSQL unavailable) before trying again. */
        @WithDefault("1s")
        Duration retryBackoff();

        /** Pending entries idle longer than this (a crashed or stuck consumer's) are claimed. */
        @WithDefault("60s")
        Duration claimMinIdle();

        /** How often a consumer looks for such entries with XAUTOCLAIM. */
        @WithDefault("30s")
        Duration claimInterval();

        /** Longest stream value copied into a dead-letter entry, in characters. */
        @WithDefault("8192")
        int deadLetterMaxChars();

        /** How long shutdown waits for an in-flight batch to finish. */
        @WithDefault("10s")
        Duration shutdownGrace();

        /** How often the backlog gauges (stream length, pending entries) are refreshed. */
        @WithDefault("5s")
        Duration metricsInterval();

        /**
         * How often the stream is trimmed of entries the group has acknowledged (XTRIM MINID);
         * {@code off} disables trimming.
         */
        @WithDefault("10s")
        String trimInterval();
    }

    interface Query {

        /** Page size when the caller gives none. */
        @WithDefault("50")
        int defaultSize();

        /** Largest page size a caller may ask for. */
        @WithDefault("500")
        int maxSize();

        /** Rows read per round trip while verifying the chain. */
        @WithDefault("1000")
        int verifyPageSize();

        /**
         * Most events one export may hold ({@code GET /api/v1/audit/export}; about 700 bytes each, and the gateway
         * passes an export through whole); a longer range is exported in parts.
         */
        @WithDefault("2000")
        int exportMaxEvents();
    }

    interface Checkpoint {

        /** How often a signed checkpoint is written ({@code off} disables the schedule). */
        @WithDefault("60s")
        String every();

        /**
         * The signing key: a file holding the PKCS#8 {@code PRIVATE KEY} PEM block of an Ed25519 key followed by its
         * {@code PUBLIC KEY} block (in production mounted from a Secret). The key id is its RFC 7638 thumbprint.
         */
        Optional<Path> keyLocation();

        /**
         * Public keys of earlier signing keys (base64 X.509 SubjectPublicKeyInfo, as {@code GET /checkpoints}
         * publishes them): checkpoints they signed still verify, and they stay published.
         */
        Optional<List<String>> retiredPublicKeys();

        /**
         * Whether a missing {@code key-location} file is created with a new key (owner-only permissions) instead of
         * stopping the start: tests and dev mode only, where no Secret provides the key.
         */
        @WithDefault("false")
        boolean generateMissingKey();
    }
}
