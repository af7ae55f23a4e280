package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.event;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static com.waybillguard.audit.AuditTestSupport.uniqueWaybillNo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Keyset paging, the actor timeline and the waybill history. */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class SearchApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    RedisDataSource redis;

    private void xadd(String json) {
        redis.stream(String.class).xadd(AuditTestSupport.STREAM, AuditTestSupport.entry(json));
    }

    private JsonPath get(String path, Map<String, ?> query) {
        return given().auth().oauth2(auditor()).queryParams(query).when().get(path)
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void cursorPagesWalkTheWholeResultNewestFirst() {
        String sub = unique("sub-cursor");
        Instant start = Instant.now();
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = UUID.randomUUID().toString();
            newestFirst.add(0, id);
            // two events share each instant, so the cursor must also order by seq
            xadd(event(id, start.plusMillis(i / 2), "WAYBILL_READ", sub, "clerk.cursor", "HD-YN", uniqueWaybillNo(), "ALLOW"));
        }
        await().atMost(WAIT).until(() -> get("/api/v1/audit/events", Map.of("actor", sub)).getList("items").size() == 7);
        List<String> byOffset = get("/api/v1/audit/events", Map.of("actor", sub)).getList("items.eventId");

        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> query = new HashMap<>(Map.of("actor", sub, "size", 3));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonPath page = get("/api/v1/audit/events", query);
            walked.addAll(page.getList("items.eventId"));
            cursor = page.getString("nextCursor");
            pages++;
            if (pages == 3) {
                assertFalse(page.getBoolean("hasMore"));
                assertNull(cursor);
            }
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(byOffset, walked, "keyset pages give the same order as one page");

        given().auth().oauth2(auditor()).queryParams(Map.of("cursor", "yesterday")).when().get("/api/v1/audit/events")
                .then().statusCode(400).contentType("application/problem+json").body("detail", equalTo(
                        "Parameter 'cursor' must be a nextCursor value of a previous page."));
        given().auth().oauth2(auditor()).queryParams(Map.of("cursor", start + "_5", "page", 1)).when().get("/api/v1/audit/events")
                .then().statusCode(400).body("detail", equalTo("Give either 'page' or 'cursor', not both."));
    }

    @Test
    void actorTimelineAndWaybillHistory() {
        String sub = unique("sub-timeline");
        String username = unique("clerk.timeline");
        String waybillNo = uniqueWaybillNo();
        String otherWaybill = uniqueWaybillNo();
        Instant now = Instant.now();
        String grant = UUID.randomUUID().toString();
        String read = UUID.randomUUID().toString();
        String refused = UUID.randomUUID().toString();
        String elsewhere = UUID.randomUUID().toString();
        String byOther = UUID.randomUUID().toString();
        xadd(event(grant, now, "GRANT_ISSUED", sub, username, "HD-YN", waybillNo, "ALLOW"));
        xadd(event(read, now.plusMillis(1), "WAYBILL_READ", sub, username, "HD-YN", waybillNo, "ALLOW"));
        xadd(event(refused, now.plusMillis(2), "WAYBILL_READ_REFUSED", sub, username, "HD-YN", waybillNo, "DENY"));
        xadd(event(elsewhere, now.plusMillis(3), "WAYBILL_READ", sub, username, "HD-YN", otherWaybill, "ALLOW"));
        xadd(event(byOther, now.plusMillis(4), "WAYBILL_READ", unique("sub-other"), "clerk.other", "HD-JZ", waybillNo, "ALLOW"));

        await().atMost(WAIT).until(() -> get("/api/v1/audit/waybills/" + waybillNo + "/history", Map.of()).getList("items").size() == 4);
        assertEquals(List.of(byOther, refused, read, grant),
                get("/api/v1/audit/waybills/" + waybillNo + "/history", Map.of()).getList("items.eventId"));
        assertEquals(List.of(refused), get("/api/v1/audit/waybills/" + waybillNo + "/history",
                Map.of("decision", "DENY")).getList("items.eventId"));
        assertEquals(List.of(elsewhere, refused, read, grant),
                get("/api/v1/audit/actors/" + sub + "/timeline", Map.of()).getList("items.eventId"));
        assertEquals(List.of(elsewhere, refused, read, grant),
                get("/api/v1/audit/actors/" + username + "/timeline", Map.of()).getList("items.eventId"), "by username too");
        JsonPath firstPage = get("/api/v1/audit/actors/" + sub + "/timeline", Map.of("size", 2));
        assertEquals(List.of(elsewhere, refused), firstPage.getList("items.eventId"));
        assertEquals(List.of(read, grant), get("/api/v1/audit/actors/" + sub + "/timeline",
                Map.of("size", 2, "cursor", firstPage.getString("nextCursor"))).getList("items.eventId"));
        given().when().get("/api/v1/audit/actors/" + sub + "/timeline").then().statusCode(401);
        given().auth().oauth2(AuditTestSupport.token("sub-clerk", "clerk.x", "clerk"))
                .when().get("/api/v1/audit/waybills/" + waybillNo + "/history").then().statusCode(403);
    }

    @Test
    void actorMatchedBySubAndByUsernameComesOnceAndPagesAsBefore() {
        String actor = unique("actor-both");
        String waybillNo = uniqueWaybillNo();
        Instant start = Instant.now();
        int total = 14;
        for (int i = 0; i < total; i++) {
            // rotate: actor as sub only, as username only, as both, not at all; three events share each instant
            String sub = switch (i % 4) {
                case 0, 2 -> actor;
                default -> unique("sub-x");
            };
            String username = switch (i % 4) {
                case 1, 2 -> actor;
                default -> unique("clerk.x");
            };
            xadd(event(UUID.randomUUID().toString(), start.plusMillis(i / 3), "WAYBILL_READ", sub, username, "HD-YN", waybillNo, "ALLOW"));
        }
        await().atMost(WAIT).until(() -> get("/api/v1/audit/events", Map.of("waybillNo", waybillNo, "size", 500))
                .getList("items").size() == total);
        // the reference: the same rows through the plain (non-actor) search, filtered here
        List<Map<String, Object>> all = get("/api/v1/audit/events", Map.of("waybillNo", waybillNo, "size", 500)).getList("items");
        List<String> expected = new ArrayList<>();
        for (Map<String, Object> item : all) {
            @SuppressWarnings("unchecked")
            Map<String, Object> a = (Map<String, Object>) item.get("actor");
            if (actor.equals(a.get("sub")) || actor.equals(a.get("username"))) {
                expected.add((String) item.get("eventId"));
            }
        }
        assertEquals(11, expected.size(), "rows by sub, by username and by both");

        List<String> whole = get("/api/v1/audit/events", Map.of("actor", actor, "size", 500)).getList("items.eventId");
        assertEquals(expected, whole, "same rows, same order, none twice");
        assertEquals(expected, get("/api/v1/audit/actors/" + actor + "/timeline", Map.of("waybillNo", waybillNo, "size", 500))
                .getList("items.eventId"));

        for (int size : new int[] {1, 2, 3, 4}) {
            List<String> byPage = new ArrayList<>();
            for (int page = 0; page * size < expected.size() + size; page++) {
                JsonPath p = get("/api/v1/audit/events", Map.of("actor", actor, "size", size, "page", page));
                byPage.addAll(p.getList("items.eventId"));
                assertEquals((page + 1) * size < expected.size(), p.getBoolean("hasMore"), "hasMore of page " + page);
            }
            assertEquals(expected, byPage, "pages of " + size);

            List<String> byCursor = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Map<String, Object> query = new HashMap<>(Map.of("size", size));
                if (cursor != null) {
                    query.put("cursor", cursor);
                }
                JsonPath p = get("/api/v1/audit/actors/" + actor + "/timeline", query);
                byCursor.addAll(p.getList("items.eventId"));
                cursor = p.getString("nextCursor");
            } while (cursor != null && ++pages < 50);
            assertEquals(expected, byCursor, "cursor pages of " + size);
        }
    }
}
