package com.waybillguard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.redis.datasource.RedisDataSource;

import java.util.ArrayList;
import java.util.List;

/** Reads the audit stream as audit-service would. */
public final class AuditStream {

    private AuditStream() {
    }

    /** Every event about an account (its {@code actor.sub}), oldest first. */
    public static List<JsonNode> eventsOf(String sub) {
        RedisDataSource redis = Arc.container().instance(RedisDataSource.class).get();
        ObjectMapper json = Arc.container().instance(ObjectMapper.class).get();
        List<JsonNode> events = new ArrayList<>();
        io.vertx.mutiny.redis.client.Response entries = redis.execute("XRANGE", "wg:audit:events", "-", "+");
        for (int e = 0; e < entries.size(); e++) {
            io.vertx.mutiny.redis.client.Response fields = entries.get(e).get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("event".equals(fields.get(i).toString())) {
                    try {
                        JsonNode event = json.readTree(fields.get(i + 1).toString());
                        if (sub.equals(event.at("/actor/sub").asText())) {
                            events.add(event);
                        }
                    } catch (Exception ex) {
                        throw new AssertionError(ex);
                    }
                }
            }
        }
        return events;
    }
}
