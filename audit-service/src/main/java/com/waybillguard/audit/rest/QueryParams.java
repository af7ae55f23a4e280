package com.waybillguard.audit.rest;

import com.waybillguard.audit.domain.ProblemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Pattern;

/** Parsing of query parameters into values, or a 400 problem naming the parameter. */
final class QueryParams {

    private static final Pattern ACTION = Pattern.compile("^[A-Z][A-Z0-9_]{0,63}$");
    private static final Set<String> DECISIONS = Set.of("ALLOW", "DENY");
    private static final int MAX_TEXT = 255;
    private static final Pattern WHOLE_NUMBER = Pattern.compile("^[+-]?[0-9]{1,19}$");
    private static final Pattern ASCII = Pattern.compile("^[\\x21-\\x7E]+$");
    private static final Pattern WAYBILL_NO = Pattern.compile("^[A-Z]{2}[0-9]{10,18}$");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private QueryParams() {
    }

    static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalidRequest("Parameter '" + name + "' is not a valid value.");
        }
        return value;
    }

    static String action(String value) {
        String text = text("action", value);
        if (text != null && !ACTION.matcher(text).matches()) {
            throw ProblemException.invalidRequest("Parameter 'action' must be an action name such as WAYBILL_READ.");
        }
        return text;
    }

    static String decision(String value) {
        String text = text("decision", value);
        if (text != null && !DECISIONS.contains(text)) {
            throw ProblemException.invalidRequest("Parameter 'decision' must be ALLOW or DENY.");
        }
        return text;
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant parsed = parseInstant(value);
        if (parsed == null) {
            throw ProblemException.invalidRequest("Parameter '" + name + "' must be an ISO-8601 instant between "
                    + "years 0001 and 9999, such as 2026-11-28T10:00:00Z.");
        }
        return parsed;
    }

    /**
     * An ISO-8601 instant (UTC or with an offset) within years 0001 to 9999, or {@code null}. Java parses years far
     * beyond what PostgreSQL stores (which would fail the query, not the request), and digits of every script.
     */
    private static Instant parseInstant(String value) {
        if (!ASCII.matcher(value).matches()) {
            return null;
        }
        Instant parsed;
        try {
            parsed = Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                parsed = OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
        return parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST) ? null : parsed;
    }

    /** A waybill number (docs/api.md, "Waybills"), or a 400 problem. */
    static String waybillNo(String value) {
        if (value == null || !WAYBILL_NO.matcher(value).matches()) {
            throw ProblemException.invalidRequest("'waybillNo' must be two capital letters followed by 10 to 18 "
                    + "digits.");
        }
        return value;
    }

    static long number(String name, String value, long defaultValue, long min, long max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        long parsed;
        try {
            // ASCII digits only: Long.parseLong also takes the digits of other scripts
            if (!WHOLE_NUMBER.matcher(value.trim()).matches()) {
                throw new NumberFormatException();
            }
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidRequest("Parameter '" + name + "' must be a whole number.");
        }
        if (parsed < min || parsed > max) {
            throw ProblemException.invalidRequest("Parameter '" + name + "' must be between " + min + " and " + max + ".");
        }
        return parsed;
    }

    /** A keyset cursor: the last event of the previous page. */
    record Cursor(Instant occurredAt, long seq) {
    }

    /** Parses {@code <occurredAt ISO-8601>_<seq>} as given in {@code nextCursor}. */
    static Cursor cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        int split = value.lastIndexOf('_');
        try {
            if (split > 0 && WHOLE_NUMBER.matcher(value.substring(split + 1)).matches()) {
                long seq = Long.parseLong(value.substring(split + 1));
                Instant occurredAt = parseInstant(value.substring(0, split));
                if (seq > 0 && occurredAt != null) {
                    return new Cursor(occurredAt, seq);
                }
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidRequest("Parameter 'cursor' must be a nextCursor value of a previous page.");
    }

    /** A range of seqs as {@code fromSeq}/{@code toSeq} give it; either may be absent (null). */
    record SeqRange(Long from, Long to) {
    }

    /** {@code fromSeq} and {@code toSeq} (each at least 1, the first not above the second), or a 400 problem. */
    static SeqRange seqRange(String fromSeq, String toSeq) {
        Long from = optionalNumber("fromSeq", fromSeq, 1);
        Long to = optionalNumber("toSeq", toSeq, 1);
        if (from != null && to != null && from > to) {
            throw ProblemException.invalidRequest("Parameter 'fromSeq' must not be greater than 'toSeq'.");
        }
        return new SeqRange(from, to);
    }

    static Long optionalNumber(String name, String value, long min) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return number(name, value, min, min, Long.MAX_VALUE);
    }
}
