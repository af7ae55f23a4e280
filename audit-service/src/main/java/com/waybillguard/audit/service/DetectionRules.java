package com.waybillguard.audit.service;

import com.waybillguard.audit.config.DetectionConfig;
import com.waybillguard.audit.domain.EventRecord;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The streaming rules decided in audit-service, built from {@code wg.detection.*} and checked at start: a bad
 * value stops the service with a message that names its property. Which events a rule counts:
 * <ul>
 *   <li>SCOPE_PROBING: {@code WAYBILL_READ} with view {@code TRACKING}, and {@code WAYBILL_READ_REFUSED} with reason
 *   {@code out-of-scope}, {@code purpose-not-allowed}, {@code waybill-not-found} or {@code grant-waybill-mismatch};</li>
 *   <li>VOLUME (sustained): every {@code WAYBILL_READ};</li>
 *   <li>OFF_HOURS: {@code WAYBILL_READ} and {@code WAYBILL_READ_REFUSED} outside the business hours of the actor's
 *   outlet (the default hours for an outlet without an override, or an actor without an outlet).</li>
 * </ul>
 */
@ApplicationScoped
@Startup
public class DetectionRules {

    static final String READ = "WAYBILL_READ";
    static final String READ_REFUSED = "WAYBILL_READ_REFUSED";
    private static final String TRACKING = "TRACKING";
    private static final Set<String> PROBING_REFUSALS = Set.of("out-of-scope", "purpose-not-allowed", "waybill-not-found",
            "grant-waybill-mismatch");
    private static final Set<String> MODES = Set.of("shadow", "enforce");
    private static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
    private static final Pattern HOURS =
            Pattern.compile("^([01][0-9]|2[0-3]):([0-5][0-9])-(?:([01][0-9]|2[0-3]):([0-5][0-9])|(24:00))$");
    /** One entry of {@code off-hours.outlet-hours}: {@code OUTLET=HH:mm-HH:mm}. */
    private static final Pattern OUTLET_HOURS = Pattern.compile("^([A-Z0-9-]{2,16})=(.+)$");
    private static final int MAX_EVIDENCE = 200;
    private static final String PREFIX = "wg.detection.";

    /** One rule: its name in alerts, its key segment, mode, severity, window and per-role maximum. */
    public record Rule(String name, String key, boolean enforce, String severity, Duration window,
                       Map<String, Integer> maxByRole, String summary) {

        /** The mode as written in alerts. */
        public String mode() {
            return enforce ? "enforce" : "shadow";
        }
    }

    /**
     * Opening hours; equal ends mean never open, an end before the start spans midnight, and an end of
     * {@code 24:00} ({@code closesAtMidnight}) keeps them open to the end of the day ({@code 00:00-24:00}: always).
     */
    record Hours(LocalTime open, LocalTime close, boolean closesAtMidnight) {
        Hours(LocalTime open, LocalTime close) {
            this(open, close, false);
        }

        boolean isOpen(LocalTime t) {
            if (closesAtMidnight) {
                return !t.isBefore(open);
            }
            if (open.equals(close)) {
                return false;
            }
            if (open.isBefore(close)) {
                return !t.isBefore(open) && t.isBefore(close);
            }
            return !t.isBefore(open) || t.isBefore(close);
        }
    }

    private final Rule scopeProbing;
    private final Rule volume;
    private final Rule offHours;
    private final ZoneId zone;
    private final Hours defaultHours;
    private final Map<String, Hours> outletHours = new HashMap<>();
    private final String readSource;
    private final Duration maxClockSkew;
    private final int maxEvidence;
    private final String keyPrefix;

    public DetectionRules(DetectionConfig config) {
        DetectionConfig.ScopeProbing sp = config.scopeProbing();
        scopeProbing = rule("SCOPE_PROBING", "scope-probing", sp.mode(), sp.severity(), sp.window(), sp.roles(),
                " TRACKING-only or refused reads in ");
        DetectionConfig.Volume v = config.volume();
        volume = rule("VOLUME", "volume", v.mode(), v.severity(), v.window(), v.roles(), " reads in ");
        DetectionConfig.OffHours oh = config.offHours();
        offHours = rule("OFF_HOURS", "off-hours", oh.mode(), oh.severity(), oh.window(), oh.roles(),
                " reads outside business hours in ");
        try {
            zone = ZoneId.of(oh.zone());
        } catch (DateTimeException e) {
            throw invalid("off-hours.zone", "must be a time zone such as Asia/Shanghai, not '" + oh.zone() + "'");
        }
        defaultHours = hours("off-hours.business-hours", oh.businessHours());
        for (String entry : oh.outletHours().orElse(List.of())) {
            Matcher m = OUTLET_HOURS.matcher(entry.trim());
            if (!m.matches()) {
                throw invalid("off-hours.outlet-hours", "entries must be OUTLET=HH:mm-HH:mm such as HD-YN=08:00-20:00, not '"
                        + entry + "'");
            }
            outletHours.put(m.group(1), hours("off-hours.outlet-hours", m.group(2)));
        }
        if (config.readSource().isBlank()) {
            throw invalid("read-source", "must not be empty");
        }
        readSource = config.readSource();
        if (config.maxClockSkew().isNegative()) {
            throw invalid("max-clock-skew", "must not be negative");
        }
        maxClockSkew = config.maxClockSkew();
        if (config.maxEvidence() < 0 || config.maxEvidence() > MAX_EVIDENCE) {
            throw invalid("max-evidence", "must be between 0 and " + MAX_EVIDENCE + ", not " + config.maxEvidence());
        }
        maxEvidence = config.maxEvidence();
        if (config.keyPrefix().isBlank()) {
            throw invalid("key-prefix", "must not be empty");
        }
        keyPrefix = config.keyPrefix();
    }

    private static Rule rule(String name, String key, String mode, String severity, Duration window,
                             Map<String, DetectionConfig.Threshold> roles, String summary) {
        if (!MODES.contains(mode)) {
            throw invalid(key + ".mode", "must be shadow or enforce, not '" + mode + "'");
        }
        if (!SEVERITIES.contains(severity)) {
            throw invalid(key + ".severity", "must be LOW, MEDIUM, HIGH or CRITICAL, not '" + severity + "'");
        }
        if (window.isZero() || window.isNegative() || window.toMillis() % 1000 != 0) {
            throw invalid(key + ".window", "must be a positive number of whole seconds, not " + window);
        }
        Map<String, Integer> max = new HashMap<>();
        roles.forEach((role, threshold) -> {
            if (threshold.maxReads() < 1) {
                throw invalid(key + ".roles." + role + ".max-reads", "must be at least 1, not " + threshold.maxReads());
            }
            max.put(role, threshold.maxReads());
        });
        return new Rule(name, key, "enforce".equals(mode), severity, window, Map.copyOf(max), summary + human(window));
    }

    private static Hours hours(String property, String value) {
        Matcher m = HOURS.matcher(value);
        if (!m.matches()) {
            throw invalid(property, "must be HH:mm-HH:mm such as 07:00-21:00, not '" + value + "'");
        }
        LocalTime open = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (m.group(5) != null) {
            return new Hours(open, LocalTime.MIDNIGHT, true);
        }
        return new Hours(open, LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
    }

    private static IllegalStateException invalid(String property, String problem) {
        return new IllegalStateException(PREFIX + property + " " + problem);
    }

    /** {@code 10 min}, {@code 1 h}, {@code 40 s}: a window as alerts' summaries write it. */
    static String human(Duration window) {
        long seconds = window.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }

    public List<Rule> all() {
        return List.of(scopeProbing, offHours, volume);
    }

    /** Whether the rule counts this event (already known to be a read of this deployment by a known account). */
    public boolean counts(Rule rule, EventRecord event) {
        if (rule == scopeProbing) {
            return READ.equals(event.action()) && TRACKING.equals(event.view())
                    || READ_REFUSED.equals(event.action()) && event.reason() != null && PROBING_REFUSALS.contains(event.reason());
        }
        if (rule == volume) {
            return READ.equals(event.action());
        }
        if (rule == offHours) {
            String outlet = event.actor().outletId();
            Hours hours = outlet == null ? defaultHours : outletHours.getOrDefault(outlet, defaultHours);
            return !hours.isOpen(LocalTime.ofInstant(event.occurredAt(), zone));
        }
        return false;
    }

    /** Whether the event is a read (or refused read) of this deployment by an identified account. */
    public boolean isRead(EventRecord event) {
        return (READ.equals(event.action()) || READ_REFUSED.equals(event.action()))
                && readSource.equals(event.source())
                && event.actor() != null && event.actor().sub() != null && event.actor().role() != null;
    }

    /** Whether {@code occurredAt} is too far ahead of {@code now} to be trusted. */
    public boolean fromTheFuture(Instant occurredAt, Instant now) {
        return occurredAt.isAfter(now.plus(maxClockSkew));
    }

    public int maxEvidence() {
        return maxEvidence;
    }

    /** The Redis key of the rule's window for the account: {@code {wg}:detect:<sub>:<rule>:reads}. */
    public String windowKey(String sub, Rule rule) {
        // ":reads": the gateway keeps its own windows of grant requests under the same account and rule names
        // ({wg}:detect:<sub>:volume:grants, ...:volume:alerted); these count reads and must not share a key with them
        return keyPrefix + sub + ":" + rule.key() + ":reads";
    }
}
