package com.waybillguard.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Account suspension ({@code wg.suspension.*}): the Redis key every service reads, and what a suspension may carry. */
@ConfigMapping(prefix = "wg.suspension")
public interface SuspensionConfig {

    /** Prefix of the suspension key; the account's sub is appended (the same in every service). */
    @WithDefault("{wg}:account:suspended:")
    String keyPrefix();

    /**
     * How often the suspension markers are checked against the audit trail (SuspensionReconciler): the longest a
     * marker removed behind audit-service's back stays away. {@code off} disables it.
     */
    @WithDefault("10s")
    String reconcileEvery();

    /**
     * How long one reconciliation round waits for ingest to store the stream up to its start (SuspensionReconciler);
     * a round that would wait longer is skipped. The rounds run every {@code wg.suspension.reconcile-every}.
     */
    @WithDefault("10s")
    Duration reconcileIngestWait();

    /** Longest suspension reason accepted, in characters. */
    @WithDefault("500")
    int maxReasonLength();
}
