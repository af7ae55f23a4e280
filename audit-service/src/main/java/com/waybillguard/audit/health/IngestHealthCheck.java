package com.waybillguard.audit.health;

import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.service.IngestMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the ingest backlog and lag as readiness data: stream length, pending entries, the age of
 * the oldest entry not yet stored, the lag of the last stored event and the chain head. Always UP: a
 * backlog is ingest catching up (after an outage or a burst), which taking this replica out of
 * rotation would only prolong; PostgreSQL and Redis have their own checks, and alerting on the
 * backlog belongs to the metrics ({@code wg_audit_ingest_backlog_age_seconds}). Reads no store: the
 * figures are the gauges refreshed every {@code wg.audit.ingest.metrics-interval}.
 */
@Readiness
@ApplicationScoped
public class IngestHealthCheck implements HealthCheck {

    private final IngestMetrics metrics;
    private final AuditConfig config;

    public IngestHealthCheck(IngestMetrics metrics, AuditConfig config) {
        this.metrics = metrics;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        IngestMetrics.Backlog backlog = metrics.backlog();
        return HealthCheckResponse.named("Audit ingest").up()
                .withData("enabled", config.ingest().enabled())
                .withData("stream", config.stream())
                .withData("streamLength", backlog.streamLength())
                .withData("pending", backlog.pending())
                .withData("backlogAgeSeconds", String.format(java.util.Locale.ROOT, "%.3f", backlog.backlogAgeSeconds()))
                .withData("lastStoredLagSeconds", String.format(java.util.Locale.ROOT, "%.3f", backlog.lastStoredLagSeconds()))
                .withData("chainHeadSeq", backlog.chainHeadSeq())
                .withData("refreshedAt", backlog.refreshedAt() == null ? "never" : backlog.refreshedAt().toString())
                .build();
    }
}
