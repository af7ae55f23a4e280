package com.waybillguard.audit.config;

import java.util.Map;
import java.util.Objects;

/**
 * The Redis key layout (docs/internals.md, "Key layout"): every key this service names starts with one common hash
 * tag ({@code {wg}} by default), so that each script, which appends to the audit stream together with the state it
 * changes, touches keys of one hash slot only, as Redis Cluster requires. Checked at start: a configured key name
 * with another tag or none stops the start with the property's name.
 */
public final class KeyLayout {

    private KeyLayout() {
    }

    /**
     * The hash tag of a Redis key as Redis Cluster reads it (what lies between the first {@code {} and the next
     * {@code }}, if not empty), or {@code null} when the whole key is hashed.
     */
    public static String hashTag(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return null;
        }
        int close = key.indexOf('}', open + 1);
        return close > open + 1 ? key.substring(open + 1, close) : null;
    }

    /**
     * Fails unless every key name (by property) carries a hash tag, the same for all of them, so that every key
     * built from them lies in one slot.
     */
    public static void requireOneHashTag(Map<String, String> keysByProperty) {
        String common = null;
        String first = null;
        for (Map.Entry<String, String> key : keysByProperty.entrySet()) {
            String tag = hashTag(key.getValue());
            if (tag == null) {
                throw new IllegalStateException(key.getKey() + " must start with the hash tag of the suite's Redis keys"
                        + " (such as {wg}) so that every script's keys share one hash slot; '" + key.getValue()
                        + "' has none");
            }
            if (common == null) {
                common = tag;
                first = key.getKey();
            } else if (!Objects.equals(common, tag)) {
                throw new IllegalStateException(key.getKey() + " has the hash tag {" + tag + "}, " + first + " {"
                        + common + "}: every Redis key of the suite needs the same one, so that each script's keys"
                        + " share one hash slot");
            }
        }
    }
}
