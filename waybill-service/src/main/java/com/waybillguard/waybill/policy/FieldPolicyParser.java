package com.waybillguard.waybill.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.waybill.config.JsonFields;
import com.waybillguard.waybill.domain.WaybillStatus;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads and validates a field policy document (JSON). Every problem is reported as a
 * {@link PolicyValidationException} whose message names the source and the bad entry.
 *
 * <pre>
 * {"version": "...",
 *  "views": {"VIEW_ID": {"sender.name": "MASKED", ... all ten fields ...}, ...},
 *  "rules": [{"id": "...", "role": "clerk", "purpose": "COUNTER_INQUIRY",
 *             "when": {"actorOutletIs": ["ORIGIN"], "actorCourierIs": [], "statusIn": ["CREATED"]},
 *             "view": "VIEW_ID", "otherwise": "VIEW_ID" | "DENY"}]}
 * </pre>
 */
public final class FieldPolicyParser {

    /** Roles that may hold a grant; {@code auditor} and {@code admin} never read waybill content. */
    public static final Set<String> GRANT_ROLES = Set.of("clerk", "courier", "cs_agent");
    public static final String DENY = "DENY";

    private static final Set<String> ROOT_KEYS = Set.of("version", "views", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "role", "purpose", "when", "view", "otherwise");
    private static final Set<String> WHEN_KEYS = Set.of("actorOutletIs", "actorCourierIs", "statusIn");

    private final ObjectMapper mapper = new ObjectMapper();

    public FieldPolicy parse(String source, String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PolicyValidationException(source + ": not valid JSON (line "
                    + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw fail(source, "(root)", "must be a JSON object");
        }
        checkKeys(source, "(root)", root, ROOT_KEYS);
        String version = text(source, "version", root.get("version"));
        Map<String, View> views = parseViews(source, root.get("views"));
        Map<String, Map<Purpose, Rule>> rules = parseRules(source, root.get("rules"), views);
        return new FieldPolicy(version, views, rules);
    }

    private Map<String, View> parseViews(String source, JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw fail(source, "views", "must be a non-empty object");
        }
        Map<String, View> views = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String viewId = entry.getKey();
            String where = "views." + viewId;
            if (DENY.equals(viewId) || viewId.isBlank()) {
                throw fail(source, where, "reserved or empty view id");
            }
            if (!entry.getValue().isObject()) {
                throw fail(source, where, "must be an object of field path -> disposition");
            }
            Map<PartyField, Disposition> dispositions = new EnumMap<>(PartyField.class);
            for (Iterator<Map.Entry<String, JsonNode>> fields = entry.getValue().fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> f = fields.next();
                String fieldWhere = where + "." + f.getKey();
                PartyField field = PartyField.byPath(f.getKey())
                        .orElseThrow(() -> fail(source, fieldWhere, "unknown field '" + f.getKey() + "'"));
                Disposition disposition = enumValue(source, fieldWhere, f.getValue(), Disposition.class, "disposition");
                if (!field.kind().admits(disposition)) {
                    throw fail(source, fieldWhere, "disposition " + disposition + " is not allowed for this field");
                }
                dispositions.put(field, disposition);
            }
            for (PartyField field : PartyField.values()) {
                if (!dispositions.containsKey(field)) {
                    throw fail(source, where, "missing field '" + field.path() + "'");
                }
            }
            views.put(viewId, new View(viewId, dispositions));
        }
        return views;
    }

    private Map<String, Map<Purpose, Rule>> parseRules(String source, JsonNode node, Map<String, View> views) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw fail(source, "rules", "must be a non-empty array");
        }
        Map<String, Map<Purpose, Rule>> byRole = new HashMap<>();
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode r = node.get(i);
            String where = "rules[" + i + "]";
            if (!r.isObject()) {
                throw fail(source, where, "must be an object");
            }
            checkKeys(source, where, r, RULE_KEYS);
            String id = text(source, where + ".id", r.get("id"));
            if (!ids.add(id)) {
                throw fail(source, where + ".id", "duplicate rule id '" + id + "'");
            }
            String role = text(source, where + ".role", r.get("role"));
            if (!GRANT_ROLES.contains(role)) {
                throw fail(source, where + ".role", "unknown role '" + role + "' (expected one of "
                        + GRANT_ROLES.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
            Purpose purpose = enumValue(source, where + ".purpose", r.get("purpose"), Purpose.class, "purpose");
            Condition condition = parseCondition(source, where + ".when", r.get("when"));
            String viewId = text(source, where + ".view", r.get("view"));
            View view = views.get(viewId);
            if (view == null) {
                throw fail(source, where + ".view", "unknown view '" + viewId + "'");
            }
            String otherwise = text(source, where + ".otherwise", r.get("otherwise"));
            View fallback = null;
            if (!DENY.equals(otherwise)) {
                fallback = views.get(otherwise);
                if (fallback == null) {
                    throw fail(source, where + ".otherwise", "unknown view '" + otherwise + "' (or DENY)");
                }
            }
            Rule rule = new Rule(id, role, purpose, condition, view, fallback);
            Map<Purpose, Rule> forRole = byRole.computeIfAbsent(role, k -> new EnumMap<>(Purpose.class));
            if (forRole.putIfAbsent(purpose, rule) != null) {
                throw fail(source, where, "second rule for role '" + role + "' and purpose " + purpose);
            }
        }
        return byRole;
    }

    private Condition parseCondition(String source, String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return new Condition(Set.of(), Set.of(), Set.of());
        }
        if (!node.isObject()) {
            throw fail(source, where, "must be an object");
        }
        checkKeys(source, where, node, WHEN_KEYS);
        return new Condition(
                enumSet(source, where + ".actorOutletIs", node.get("actorOutletIs"), OutletRelation.class),
                enumSet(source, where + ".actorCourierIs", node.get("actorCourierIs"), CourierRelation.class),
                enumSet(source, where + ".statusIn", node.get("statusIn"), WaybillStatus.class));
    }

    private <E extends Enum<E>> Set<E> enumSet(String source, String where, JsonNode node, Class<E> type) {
        if (node == null || node.isNull()) {
            return EnumSet.noneOf(type);
        }
        if (!node.isArray()) {
            throw fail(source, where, "must be an array");
        }
        Set<E> result = EnumSet.noneOf(type);
        for (int i = 0; i < node.size(); i++) {
            result.add(enumValue(source, where + "[" + i + "]", node.get(i), type, "value"));
        }
        return result;
    }

    private static <E extends Enum<E>> E enumValue(String source, String where, JsonNode node, Class<E> type,
                                                   String what) {
        String value = text(source, where, node);
        Map<String, E> byName = Arrays.stream(type.getEnumConstants())
                .collect(Collectors.toMap(Enum::name, Function.identity()));
        E result = byName.get(value);
        if (result == null) {
            throw fail(source, where, "unknown " + what + " '" + value + "' (expected one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
        }
        return result;
    }

    private static String text(String source, String where, JsonNode node) {
        return JsonFields.text(node, where, (at, problem) -> fail(source, at, problem));
    }

    private static void checkKeys(String source, String where, JsonNode node, Set<String> allowed) {
        JsonFields.checkKeys(node, where, allowed, (at, problem) -> fail(source, at, problem));
    }

    private static PolicyValidationException fail(String source, String where, String problem) {
        return new PolicyValidationException("invalid field policy " + source + " at " + where + ": " + problem);
    }
}
