package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code @Scheduled} expressions name their property without a fallback ({@code ${wg.audit.partitions.every}}):
 * the default lives only in {@link AuditConfig}. SmallRye Config registers every {@code @WithDefault} as a
 * default value of the configuration, so the expression resolves to it; these tests show it does, on the jobs
 * the test profile does not configure.
 */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class ScheduleDefaultsTest {

    @Inject
    Scheduler scheduler;

    @Inject
    AuditConfig config;

    private Trigger job(Class<?> bean, String method) {
        return scheduler.getScheduledJobs().stream()
                .filter(t -> t.getMethodDescription().equals(bean.getName() + "#" + method))
                .findFirst().orElseThrow(() -> new AssertionError("no scheduled job " + method + " in "
                        + scheduler.getScheduledJobs().stream().map(Trigger::getMethodDescription).toList()));
    }

    @Test
    void mappingDefaultsAreConfigurationValues() {
        var values = ConfigProvider.getConfig();
        assertEquals("24h", values.getValue("wg.audit.partitions.every", String.class));
        assertEquals("10s", values.getValue("wg.audit.ingest.trim-interval", String.class));
        assertEquals("5s", values.getValue("wg.audit.ingest.metrics-interval", String.class));
        assertEquals("10s", values.getValue("wg.audit.jobs-start-delay", String.class));
        assertEquals("0 30 3 * * ?", values.getValue("wg.audit.retention-cron", String.class));
        assertEquals(Duration.ofHours(24), config.partitions().every());
    }

    @Test
    void partitionJobStartsOneIntervalAfterStart() {
        Trigger partitions = job(PartitionMaintenance.class, "scheduled");
        Instant next = partitions.getNextFireTime();
        assertNotNull(next);
        // not run by the schedule yet: the scheduler reports start + delay (24 h, the default) + interval (24 h)
        assertTrue(next.isAfter(Instant.now().plus(Duration.ofHours(47))), "next partition run " + next);
        assertTrue(next.isBefore(Instant.now().plus(Duration.ofHours(48)).plusSeconds(1)), "next partition run " + next);
    }

    @Test
    void intervalJobsUseTheirDefaults() {
        assertInterval(job(StreamTrimmer.class, "scheduledTrim"), Duration.ofSeconds(10));
        assertInterval(job(IngestMetrics.class, "refreshBacklog"), Duration.ofSeconds(5));
    }

    @Test
    void retentionRunsAtHalfPastThreeUtc() {
        Trigger retention = scheduler.getScheduledJobs().stream()
                .filter(t -> t.getMethodDescription().contains("RetentionService")).findFirst().orElseThrow();
        ZonedDateTime next = retention.getNextFireTime().atZone(ZoneOffset.UTC);
        assertEquals(3, next.getHour());
        assertEquals(30, next.getMinute());
        assertEquals(0, next.getSecond());
    }

    @Test
    void checkpointScheduleIsOffInTests() {
        assertFalse(scheduler.getScheduledJobs().stream().anyMatch(t -> t.getMethodDescription().contains("CheckpointScheduler")),
                "wg.audit.checkpoint.every=off in the test profile");
    }

    /**
     * The next run is one interval after the previous one; before the first run the scheduler reports
     * start + delay (10 s, the default) + interval.
     */
    private void assertInterval(Trigger trigger, Duration interval) {
        Instant previous = trigger.getPreviousFireTime();
        Instant next = trigger.getNextFireTime();
        assertNotNull(next, trigger.getMethodDescription());
        if (previous != null) {
            assertEquals(interval, Duration.between(previous, next), trigger.getMethodDescription());
        } else {
            Instant latest = Instant.now().plus(config.jobsStartDelay()).plus(interval).plusSeconds(1);
            assertTrue(next.isBefore(latest), trigger.getMethodDescription() + " next " + next + ", expected before " + latest);
        }
    }
}
