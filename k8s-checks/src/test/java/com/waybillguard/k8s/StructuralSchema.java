package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a custom resource against the OpenAPI v3 structural schema of its CustomResourceDefinition, as the API
 * server would before admitting it: unknown fields (unless the schema preserves them), types without coercion,
 * required fields, enums, patterns, lengths, bounds and {@code x-kubernetes-int-or-string}. CEL rules
 * ({@code x-kubernetes-validations}) and string formats are not evaluated.
 */
final class StructuralSchema {

    private StructuralSchema() {
    }

    static void check(JsonNode schema, JsonNode value, String path, List<String> violations) {
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                violations.add(path + ": null is not allowed");
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                violations.add(path + ": an integer or a string, not " + value.getNodeType());
            }
            return;
        }
        if (schema.has("anyOf") && !anyOf(schema.get("anyOf"), value, path)) {
            violations.add(path + ": matches none of the allowed forms");
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            violations.add(path + ": '" + value.asText() + "' is not one of " + schema.get("enum"));
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> object(schema, value, path, violations);
            case "array" -> array(schema, value, path, violations);
            case "string" -> string(schema, value, path, violations);
            case "integer" -> number(schema, value, value.isIntegralNumber(), path, violations);
            case "number" -> number(schema, value, value.isNumber(), path, violations);
            case "boolean" -> {
                if (!value.isBoolean()) {
                    violations.add(path + ": a boolean, not " + value.getNodeType());
                }
            }
            case "" -> {
                if (schema.has("properties")) {
                    object(schema, value, path, violations);
                }
            }
            default -> violations.add(path + ": the schema names an unknown type " + type);
        }
    }

    private static void object(JsonNode schema, JsonNode value, String path, List<String> violations) {
        if (!value.isObject()) {
            violations.add(path + ": an object, not " + value.getNodeType());
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserves = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), at, violations);
            } else if (additional.isObject()) {
                check(additional, field.getValue(), at, violations);
            } else if (!preserves && !additional.asBoolean(false)) {
                violations.add(at + ": unknown field");
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                violations.add(path + ": missing the required field " + required.asText());
            }
        }
    }

    private static void array(JsonNode schema, JsonNode value, String path, List<String> violations) {
        if (!value.isArray()) {
            violations.add(path + ": an array, not " + value.getNodeType());
            return;
        }
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            violations.add(path + ": fewer than " + schema.get("minItems").asInt() + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            violations.add(path + ": more than " + schema.get("maxItems").asInt() + " items");
        }
        for (int i = 0; i < value.size(); i++) {
            check(schema.path("items"), value.get(i), path + "[" + i + "]", violations);
        }
    }

    private static void string(JsonNode schema, JsonNode value, String path, List<String> violations) {
        if (!value.isTextual()) {
            violations.add(path + ": a string, not " + value.getNodeType());
            return;
        }
        String text = value.asText();
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
            violations.add(path + ": '" + text + "' does not match " + schema.get("pattern").asText());
        }
        if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
            violations.add(path + ": shorter than " + schema.get("minLength").asInt());
        }
        if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
            violations.add(path + ": longer than " + schema.get("maxLength").asInt());
        }
    }

    private static void number(JsonNode schema, JsonNode value, boolean rightType, String path, List<String> violations) {
        if (!rightType) {
            violations.add(path + ": a " + schema.path("type").asText() + ", not " + value.getNodeType());
            return;
        }
        if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
            violations.add(path + ": below " + schema.get("minimum").asText());
        }
        if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
            violations.add(path + ": above " + schema.get("maximum").asText());
        }
    }

    private static boolean anyOf(JsonNode forms, JsonNode value, String path) {
        for (JsonNode form : forms) {
            List<String> failures = new ArrayList<>();
            check(form, value, path, failures);
            if (failures.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        for (JsonNode candidate : allowed) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
