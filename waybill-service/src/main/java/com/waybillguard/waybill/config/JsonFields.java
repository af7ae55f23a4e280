package com.waybillguard.waybill.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;

/** Checks shared by the parsers of the service's data files; each parser says how a failure reads. */
public final class JsonFields {

    /** Builds the parser's own exception for a problem at a place in the file. */
    @FunctionalInterface
    public interface Failure {
        RuntimeException at(String where, String problem);
    }

    private JsonFields() {
    }

    /** The node's text, which must be a non-blank string. */
    public static String text(JsonNode node, String where, Failure failure) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw failure.at(where, "must be a non-empty string");
        }
        return node.asText();
    }

    /** Fails on the first key of {@code node} that is not {@code allowed}. */
    public static void checkKeys(JsonNode node, String where, Set<String> allowed, Failure failure) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw failure.at(where, "unknown key '" + key + "'");
            }
        }
    }
}
