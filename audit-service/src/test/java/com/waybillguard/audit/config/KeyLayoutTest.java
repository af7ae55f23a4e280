package com.waybillguard.audit.config;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hash tag as Redis Cluster reads it, and the start-up check that every key name carries the same one. */
class KeyLayoutTest {

    @Test
    void theHashTagIsWhatLiesBetweenTheFirstBraces() {
        assertEquals("wg", KeyLayout.hashTag("{wg}:audit:events"));
        assertEquals("wg", KeyLayout.hashTag("{wg}:detect:{sub-1}:volume:grants"), "the first tag counts");
        assertNull(KeyLayout.hashTag("wg:audit:events"));
        assertNull(KeyLayout.hashTag("{}:audit:events"), "an empty tag hashes the whole key");
        assertNull(KeyLayout.hashTag("{wg:audit:events"));
    }

    @Test
    void everyKeyNameNeedsTheSameTag() {
        assertDoesNotThrow(() -> KeyLayout.requireOneHashTag(Map.of("a", "{wg}:quota", "b", "{wg}:audit:events")));
        Map<String, String> untagged = new LinkedHashMap<>();
        untagged.put("wg.audit.stream", "{wg}:audit:events");
        untagged.put("wg.suspension.key-prefix", "wg:account:suspended:");
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> KeyLayout.requireOneHashTag(untagged));
        assertTrue(none.getMessage().startsWith("wg.suspension.key-prefix"), none.getMessage());
        Map<String, String> other = new LinkedHashMap<>();
        other.put("wg.audit.stream", "{wg}:audit:events");
        other.put("wg.suspension.key-prefix", "{other}:account:suspended:");
        IllegalStateException different = assertThrows(IllegalStateException.class, () -> KeyLayout.requireOneHashTag(other));
        assertTrue(different.getMessage().startsWith("wg.suspension.key-prefix has the hash tag {other}"),
                different.getMessage());
    }
}
