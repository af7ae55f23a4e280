package com.waybillguard.waybill.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.waybill.config.JsonFields;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates an outlet directory document; every problem names the source and the entry.
 *
 * <pre>
 * {"version": "outlets-v1",
 *  "outlets": [{"id": "HD-YN", "province": "河北省", "city": "邯郸市", "district": "永年区"}, ...]}
 * </pre>
 */
public final class OutletDirectoryParser {

    /** The format of an outlet id. */
    public static final String OUTLET_ID = "^[A-Z0-9][A-Z0-9-]{1,31}$";
    private static final Pattern ID = Pattern.compile(OUTLET_ID);
    private static final int MAX_REGION_LENGTH = 32;
    private static final Set<String> ROOT_KEYS = Set.of("version", "outlets");
    private static final Set<String> OUTLET_KEYS = Set.of("id", "province", "city", "district");

    private final ObjectMapper mapper = new ObjectMapper();

    public OutletDirectory parse(String source, String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("invalid outlet directory " + source + ": not valid JSON (line "
                    + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw fail(source, "(root)", "must be a JSON object");
        }
        checkKeys(source, "(root)", root, ROOT_KEYS);
        String version = text(source, "version", root.get("version"));
        JsonNode outlets = root.get("outlets");
        if (outlets == null || !outlets.isArray() || outlets.isEmpty()) {
            throw fail(source, "outlets", "must be a non-empty array");
        }
        Map<String, OutletDirectory.Outlet> byId = new LinkedHashMap<>();
        for (int i = 0; i < outlets.size(); i++) {
            JsonNode o = outlets.get(i);
            String where = "outlets[" + i + "]";
            if (!o.isObject()) {
                throw fail(source, where, "must be an object");
            }
            checkKeys(source, where, o, OUTLET_KEYS);
            String id = text(source, where + ".id", o.get("id"));
            if (!ID.matcher(id).matches()) {
                throw fail(source, where + ".id", "'" + id + "' is not an outlet id (" + OUTLET_ID + ")");
            }
            OutletDirectory.Outlet outlet = new OutletDirectory.Outlet(id, region(source, where + ".province", o),
                    region(source, where + ".city", o), region(source, where + ".district", o));
            if (byId.putIfAbsent(id, outlet) != null) {
                throw fail(source, where + ".id", "duplicate outlet id '" + id + "'");
            }
        }
        return new OutletDirectory(version, byId);
    }

    private static String region(String source, String where, JsonNode outlet) {
        String value = text(source, where, outlet.get(where.substring(where.lastIndexOf('.') + 1)));
        if (value.length() > MAX_REGION_LENGTH) {
            throw fail(source, where, "longer than " + MAX_REGION_LENGTH + " characters");
        }
        return value;
    }

    private static String text(String source, String where, JsonNode node) {
        return JsonFields.text(node, where, (at, problem) -> fail(source, at, problem));
    }

    private static void checkKeys(String source, String where, JsonNode node, Set<String> allowed) {
        JsonFields.checkKeys(node, where, allowed, (at, problem) -> fail(source, at, problem));
    }

    private static IllegalStateException fail(String source, String where, String problem) {
        return new IllegalStateException("invalid outlet directory " + source + " at " + where + ": " + problem);
    }
}
