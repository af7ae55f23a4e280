package com.waybillguard.audit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event audit-service appends to the audit stream itself (a suspension, a reinstatement, an alert, a resolution),
 * written as every producer writes its events (docs/internals.md, "Audit events"): absent members are left out.
 */
final class OwnEvent {

    /** {@code source} of every event this service writes. */
    static final String SOURCE = "audit-service";

    private final Map<String, Object> members = new LinkedHashMap<>();

    private OwnEvent(String eventId, String occurredAt, String action) {
        members.put("eventId", eventId);
        members.put("occurredAt", occurredAt);
        members.put("source", SOURCE);
        members.put("action", action);
    }

    static OwnEvent of(String eventId, String occurredAt, String action) {
        return new OwnEvent(eventId, occurredAt, action);
    }

    /** The account the event is about, or who acted (absent parts left out). */
    OwnEvent actor(String sub, String username, String role, String outletId, String courierId) {
        Map<String, Object> actor = new LinkedHashMap<>();
        putIfPresent(actor, "sub", sub);
        putIfPresent(actor, "username", username);
        putIfPresent(actor, "role", role);
        putIfPresent(actor, "outletId", outletId);
        putIfPresent(actor, "courierId", courierId);
        members.put("actor", actor);
        return this;
    }

    /** A member, left out when {@code value} is null. */
    OwnEvent with(String member, Object value) {
        putIfPresent(members, member, value);
        return this;
    }

    String json(ObjectMapper mapper) {
        return OwnEvent.json(mapper, members);
    }

    /** Any small document this service writes to Redis (an event, a suspension marker) as JSON. */
    static String json(ObjectMapper mapper, Map<String, ?> document) {
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
