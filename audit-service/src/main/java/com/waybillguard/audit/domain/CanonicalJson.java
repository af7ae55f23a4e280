package com.waybillguard.audit.domain;

import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON form of an {@link EventRecord}, the input of the chain hash.
 *
 * <ul>
 *   <li>a JSON object whose members are the event's fields, keys sorted by UTF-16 code units
 *       (Java {@link String#compareTo}) at every level, no whitespace anywhere;</li>
 *   <li>members whose value is null are omitted; an object left empty ({@code actor},
 *       {@code disclosure}, {@code alert}) is omitted too, so an event without {@code alert} has the
 *       canonical form (and hash) it had before {@code alert} existed;</li>
 *   <li>every value is a JSON string: {@code eventId} lower-case 8-4-4-4-12, {@code occurredAt}
 *       ISO-8601 UTC with the fraction truncated to microseconds and trailing zeros dropped
 *       ({@link DateTimeFormatter#ISO_INSTANT});</li>
 *   <li>strings escape only {@code "}, {@code \}, and U+0000..U+001F ({@code \b \t \n \f \r},
 *       others as {@code \}{@code u00xx} lower-case hex); everything else is written as is,
 *       the whole encoded as UTF-8 (this matches RFC 8785 for string-only documents).</li>
 * </ul>
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** The canonical JSON text of the event. */
    public static String of(EventRecord event) {
        Map<String, Object> root = new TreeMap<>();
        put(root, "eventId", event.eventId() == null ? null : event.eventId().toString());
        put(root, "occurredAt", event.occurredAt() == null ? null : DateTimeFormatter.ISO_INSTANT.format(event.occurredAt()));
        put(root, "source", event.source());
        put(root, "action", event.action());
        EventRecord.Actor actor = event.actor();
        if (actor != null) {
            Map<String, Object> a = new TreeMap<>();
            put(a, "sub", actor.sub());
            put(a, "username", actor.username());
            put(a, "role", actor.role());
            put(a, "outletId", actor.outletId());
            put(a, "courierId", actor.courierId());
            put(root, "actor", a);
        }
        put(root, "targetSub", event.targetSub());
        put(root, "deviceId", event.deviceId());
        put(root, "clientIp", event.clientIp());
        put(root, "waybillNo", event.waybillNo());
        put(root, "purpose", event.purpose());
        put(root, "view", event.view());
        if (event.disclosure() != null) {
            Map<String, Object> d = new TreeMap<>();
            event.disclosure().forEach((k, v) -> put(d, k, v));
            put(root, "disclosure", d);
        }
        put(root, "decision", event.decision());
        put(root, "reason", event.reason());
        put(root, "grantId", event.grantId());
        put(root, "traceId", event.traceId());
        if (event.alert() != null) {
            Map<String, Object> a = new TreeMap<>();
            event.alert().forEach((k, v) -> put(a, k, v));
            put(root, "alert", a);
        }
        StringBuilder out = new StringBuilder(256);
        writeObject(out, root);
        return out.toString();
    }

    private static void put(Map<String, Object> target, String key, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map && map.isEmpty()) {
            return;
        }
        target.put(key, value);
    }

    @SuppressWarnings("unchecked")
    private static void writeObject(StringBuilder out, Map<String, Object> object) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> member : object.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, member.getKey());
            out.append(':');
            Object value = member.getValue();
            if (value instanceof Map<?, ?> nested) {
                writeObject(out, (Map<String, Object>) nested);
            } else {
                writeString(out, value.toString());
            }
        }
        out.append('}');
    }

    static void writeString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
