package com.waybillguard.audit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.audit.domain.EventRecord;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns the {@code event} value of a stream entry into an {@link EventRecord}, or says exactly why
 * it cannot (the entry then goes to the dead-letter stream). Unknown members are ignored; a member
 * whose value is JSON null counts as absent. Limits match the column sizes, so a valid event never
 * fails in the database.
 */
@ApplicationScoped
public class EventParser {

    private static final Pattern UUID_FORM = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern ACTION = Pattern.compile("^[A-Z][A-Z0-9_]{0,63}$");
    private static final Pattern SOURCE = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");
    private static final Set<String> DECISIONS = Set.of("ALLOW", "DENY");
    private static final Set<String> DISPOSITIONS = Set.of("FULL", "MASKED", "HIDDEN");
    private static final int SHORT = 64;
    private static final int LONG = 255;
    private static final int ID = 128;
    private static final int WAYBILL_NO = 32;
    private static final int REASON = 500;
    private static final int DISCLOSURE_ENTRIES = 64;
    /** The actions that carry {@code alert}, and must. */
    public static final String ALERT_RAISED = "ALERT_RAISED";
    public static final String ALERT_RESOLVED = "ALERT_RESOLVED";
    private static final Pattern RULE = Pattern.compile("^[A-Z][A-Z0-9_]{0,63}$");
    private static final Pattern FIGURE = Pattern.compile("^figure\\.[a-z][A-Za-z0-9]{0,31}$");
    private static final Pattern INTEGER = Pattern.compile("^-?[0-9]{1,18}$");
    /** An 11-digit mainland mobile number standing alone: personal data that a summary must not carry. */
    private static final Pattern PHONE = Pattern.compile("(?<![A-Za-z0-9])1[3-9][0-9]{9}(?![0-9])");
    private static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
    private static final Set<String> MODES = Set.of("shadow", "enforce");
    private static final Set<String> BOOLEANS = Set.of("true", "false");
    private static final Set<String> RAISED_REQUIRED = Set.of("rule", "severity", "mode", "summary", "suspended", "triggeredAt");
    private static final Set<String> RESOLVED_KEYS = Set.of("alertId", "rule");
    private static final int ALERT_ENTRIES = 32;
    private static final int SUMMARY = 200;
    private static final int EVIDENCE_IDS = 200;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private final ObjectMapper mapper;

    public EventParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The outcome of parsing one entry: an event or the reason it was rejected. */
    public record Result(EventRecord event, String error) {
        static Result ok(EventRecord event) {
            return new Result(event, null);
        }

        static Result rejected(String error) {
            return new Result(null, error);
        }

        public boolean valid() {
            return event != null;
        }
    }

    /** Thrown inside the parser for the first rule an entry breaks. */
    private static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public Result parse(String json) {
        if (json == null || json.isBlank()) {
            return Result.rejected("missing field 'event'");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return Result.rejected("event is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return Result.rejected("event is not a JSON object");
        }
        try {
            String eventId = text(root, "eventId", 36, true);
            if (!UUID_FORM.matcher(eventId).matches()) {
                throw new Invalid("eventId is not a UUID");
            }
            Instant occurredAt = instant(text(root, "occurredAt", SHORT, true));
            String source = text(root, "source", SHORT, true);
            if (!SOURCE.matcher(source).matches()) {
                throw new Invalid("source has characters outside [A-Za-z0-9._-]");
            }
            String action = text(root, "action", SHORT, true);
            if (!ACTION.matcher(action).matches()) {
                throw new Invalid("action is not an upper-case identifier");
            }
            if (RetentionService.ACTION.equals(action)) {
                // a retention record is written by audit-service into the chain directly; from the stream it could
                // only be a forged anchor for deleted events
                throw new Invalid("RETENTION_APPLIED is never taken from the stream");
            }
            EventRecord.Actor actor = actor(root.get("actor"));
            Map<String, String> alert = alert(action, root.get("alert"));
            String decision = text(root, "decision", 8, false);
            if (decision != null && !DECISIONS.contains(decision)) {
                throw new Invalid("decision is neither ALLOW nor DENY");
            }
            return Result.ok(new EventRecord(
                    UUID.fromString(eventId),
                    occurredAt,
                    source,
                    action,
                    actor,
                    text(root, "targetSub", LONG, false),
                    text(root, "deviceId", SHORT, false),
                    text(root, "clientIp", SHORT, false),
                    text(root, "waybillNo", WAYBILL_NO, false),
                    text(root, "purpose", SHORT, false),
                    text(root, "view", SHORT, false),
                    disclosure(root.get("disclosure")),
                    decision,
                    text(root, "reason", REASON, false),
                    text(root, "grantId", ID, false),
                    text(root, "traceId", ID, false),
                    alert));
        } catch (Invalid e) {
            return Result.rejected(e.getMessage());
        }
    }

    private static EventRecord.Actor actor(JsonNode node) throws Invalid {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new Invalid("actor is not an object");
        }
        return new EventRecord.Actor(
                text(node, "sub", LONG, false),
                text(node, "username", LONG, false),
                text(node, "role", SHORT, false),
                text(node, "outletId", SHORT, false),
                text(node, "courierId", SHORT, false));
    }

    private static Map<String, String> disclosure(JsonNode node) throws Invalid {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new Invalid("disclosure is not an object");
        }
        if (node.size() > DISCLOSURE_ENTRIES) {
            throw new Invalid("disclosure has too many fields");
        }
        Map<String, String> result = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            checkString("disclosure key", key, SHORT);
            JsonNode value = field.getValue();
            if (value == null || !value.isTextual() || !DISPOSITIONS.contains(value.asText())) {
                throw new Invalid("disclosure value is not FULL, MASKED or HIDDEN");
            }
            result.put(key, value.asText());
        }
        return result.isEmpty() ? null : result;
    }

    /**
     * The optional flat map {@code alert}: required on ALERT_RAISED and ALERT_RESOLVED, refused on any other
     * action. Its keys are a fixed set (docs/internals.md), so nothing else, personal data above all, can ride
     * along: ALERT_RAISED {@code rule, severity, mode, summary, suspended, eventIds, triggeredAt, figure.<name>};
     * ALERT_RESOLVED {@code alertId, rule}.
     */
    private static Map<String, String> alert(String action, JsonNode node) throws Invalid {
        boolean raised = ALERT_RAISED.equals(action);
        boolean resolved = ALERT_RESOLVED.equals(action);
        if (node == null || node.isNull()) {
            if (raised || resolved) {
                throw new Invalid("missing alert");
            }
            return null;
        }
        if (!raised && !resolved) {
            throw new Invalid("alert is only allowed on ALERT_RAISED and ALERT_RESOLVED");
        }
        if (!node.isObject()) {
            throw new Invalid("alert is not an object");
        }
        if (node.size() > ALERT_ENTRIES) {
            throw new Invalid("alert has too many fields");
        }
        Map<String, String> alert = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            checkString("alert key", key, SHORT);
            if (!field.getValue().isTextual()) {
                throw new Invalid("alert." + key + " is not a string");
            }
            alert.put(key, field.getValue().asText());
        }
        if (resolved) {
            for (String key : alert.keySet()) {
                if (!RESOLVED_KEYS.contains(key)) {
                    throw new Invalid("alert has an unknown field " + key);
                }
            }
            requireAll(alert, RESOLVED_KEYS);
            uuid("alert.alertId", alert.get("alertId"));
            rule(alert.get("rule"));
            return alert;
        }
        requireAll(alert, RAISED_REQUIRED);
        for (Map.Entry<String, String> entry : alert.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            switch (key) {
                case "rule" -> rule(value);
                case "severity" -> oneOf(key, value, SEVERITIES);
                case "mode" -> oneOf(key, value, MODES);
                case "suspended" -> oneOf(key, value, BOOLEANS);
                case "summary" -> {
                    if (value.isBlank()) {
                        throw new Invalid("alert.summary is empty");
                    }
                    checkString("alert.summary", value, SUMMARY);
                    if (PHONE.matcher(value).find()) {
                        throw new Invalid("alert.summary contains a phone number");
                    }
                }
                case "triggeredAt" -> instant("alert.triggeredAt", value);
                case "eventIds" -> {
                    String[] ids = value.isEmpty() ? new String[0] : value.split(",", -1);
                    if (ids.length > EVIDENCE_IDS) {
                        throw new Invalid("alert.eventIds has more than " + EVIDENCE_IDS + " ids");
                    }
                    for (String id : ids) {
                        uuid("alert.eventIds", id);
                    }
                }
                default -> {
                    if (!FIGURE.matcher(key).matches()) {
                        throw new Invalid("alert has an unknown field " + key);
                    }
                    if (!INTEGER.matcher(value).matches()) {
                        throw new Invalid("alert." + key + " is not an integer");
                    }
                }
            }
        }
        return alert;
    }

    private static void requireAll(Map<String, String> alert, Set<String> keys) throws Invalid {
        for (String key : keys.stream().sorted().toList()) {
            if (!alert.containsKey(key)) {
                throw new Invalid("missing alert." + key);
            }
        }
    }

    private static void rule(String value) throws Invalid {
        if (!RULE.matcher(value).matches()) {
            throw new Invalid("alert.rule is not an upper-case identifier");
        }
    }

    private static void oneOf(String key, String value, Set<String> allowed) throws Invalid {
        if (!allowed.contains(value)) {
            throw new Invalid("alert." + key + " is not one of " + allowed.stream().sorted().toList());
        }
    }

    private static void uuid(String field, String value) throws Invalid {
        if (!UUID_FORM.matcher(value).matches()) {
            throw new Invalid(field + " is not a UUID");
        }
    }

    private static Instant instant(String value) throws Invalid {
        return instant("occurredAt", value);
    }

    private static Instant instant(String field, String value) throws Invalid {
        Instant instant;
        try {
            instant = Instant.parse(value).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            try {
                instant = OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.MICROS);
            } catch (DateTimeParseException e2) {
                throw new Invalid(field + " is not an ISO-8601 instant");
            }
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw new Invalid(field + " is outside the years 2000 to 9999");
        }
        return instant;
    }

    private static String text(JsonNode parent, String field, int maxLength, boolean required) throws Invalid {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new Invalid("missing " + field);
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new Invalid(field + " is not a string");
        }
        String value = node.asText();
        checkString(field, value, maxLength);
        return value;
    }

    private static void checkString(String field, String value, int maxLength) throws Invalid {
        if (value.length() > maxLength) {
            throw new Invalid(field + " is longer than " + maxLength + " characters");
        }
        if (value.indexOf('\u0000') >= 0 || !StandardCharsets.UTF_8.newEncoder().canEncode(value)) {
            throw new Invalid(field + " is not valid text");
        }
    }
}
