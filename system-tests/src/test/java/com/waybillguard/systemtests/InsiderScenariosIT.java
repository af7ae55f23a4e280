package com.waybillguard.systemtests;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Working days and insider attacks replayed through the public API of a stack whose detection rules run at
 * their defaults ({@link DetectionStack}): real Keycloak tokens, real PostgreSQL and Redis. For each attack the
 * test records which rule fired, how many reads the attacker got before the suspension, and how long it took;
 * the table is written to {@code target/insider-scenarios.md} (and copied into the README's security section).
 */
@ExtendWith(DetectionStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InsiderScenariosIT {

    private static final String CLERK_JZ = "00000002-0000-4000-8000-000000000002";
    private static final String COURIER_WU = "00000003-0000-4000-8000-000000000003";
    private static final String COURIER_ZHAO = "00000004-0000-4000-8000-000000000004";
    private static final String CS_LI = "00000005-0000-4000-8000-000000000005";
    private static final String AUDITOR_ZHOU = "00000006-0000-4000-8000-000000000006";
    private static final String ADMIN = "00000007-0000-4000-8000-000000000007";
    /** Attackers stop after this many reads whatever happens: the test fails if they are not stopped before. */
    private static final int ATTACK_LIMIT = 60;
    /** The goal: no attacker gets more reads than this before the suspension. */
    private static final int MAX_READS = 20;

    private static final Random RANDOM = new Random(20261130);
    private static final List<String> TABLE = Collections.synchronizedList(new ArrayList<>());

    @Test
    @Order(1)
    void aNormalClerkDayAndANormalCourierDayRaiseNoAlert() {
        // the clerk at HD-YN accepts parcels at the counter and answers inquiries, some about parcels elsewhere
        List<String> accepted = createWaybills(8, i -> waybill("HD-YN", "HD-JZ", "CREATED", null, null));
        List<String> inquired = createWaybills(4, i -> waybill("HD-JZ", "HD-YN", "IN_TRANSIT", null, null));
        List<String> elsewhere = createWaybills(2, i -> waybill("XT-LY", "HD-WA", "IN_TRANSIT", null, null));
        String clerk = RunningStack.token("clerk.yongnian");
        int clerkReads = 0;
        for (String no : accepted) {
            clerkReads += readOk(clerk, "counter-yn-01", no, "COUNTER_ACCEPT", "COUNTER_ACCEPT");
        }
        for (String no : inquired) {
            clerkReads += readOk(clerk, "counter-yn-01", no, "COUNTER_INQUIRY", "COUNTER_INQUIRY");
        }
        for (String no : elsewhere) {
            clerkReads += readOk(clerk, "counter-yn-01", no, "COUNTER_INQUIRY", "TRACKING");
        }
        // the courier picks up parcels assigned to it and delivers others
        List<String> pickups = createWaybills(5, i -> waybill("HD-YN", "HD-WA", "CREATED", "C-1001", null));
        List<String> deliveries = createWaybills(5, i -> waybill("HD-WA", "HD-YN", "OUT_FOR_DELIVERY", "C-1005", "C-1001"));
        String courier = RunningStack.token("courier.wu");
        int courierReads = 0;
        for (String no : pickups) {
            courierReads += readOk(courier, "phone-wu-01", no, "PICKUP", "PICKUP");
        }
        for (String no : deliveries) {
            courierReads += readOk(courier, "phone-wu-01", no, "DELIVERY", "DELIVERY");
        }
        assertEquals(14, clerkReads);
        assertEquals(10, courierReads);

        awaitStored("courier.wu", "WAYBILL_READ", courierReads);
        awaitStored("clerk.yongnian", "WAYBILL_READ", clerkReads);
        sleep(Duration.ofSeconds(2)); // time for any streaming rule to raise what it would raise
        for (String account : List.of("clerk.yongnian", "courier.wu")) {
            auditor().queryParam("actor", account).get("/api/v1/audit/alerts")
                    .then().statusCode(200).body("items.size()", equalTo(0));
        }
        TABLE.add(row("a normal clerk day (14 reads: accept, inquiries, 2 about parcels elsewhere)", "none", "-", "-"));
        TABLE.add(row("a normal courier day (5 pickups, 5 deliveries)", "none", "-", "-"));
    }

    @Test
    @Order(2)
    void aSequentialScraperIsSuspendedWithinAHandfulOfReads() {
        String clerk = RunningStack.token("clerk.jize");
        // the seeded numbers YT0000000011 onwards are consecutive: a script walks them
        Attack attack = attack(clerk, "script-jz-01", "COUNTER_INQUIRY", i -> String.format("YT%010d", 20 + i));
        try {
            String rule = attack.assertStopped("clerk.jize", CLERK_JZ);
            // the seeded canaries are random generated waybills: now and then one lies on the scraper's path
            assertTrue(List.of("ENUMERATION", "SCOPE_PROBING", "HONEYTOKEN").contains(rule), "fired: " + rule);
            TABLE.add(attack.row("a sequential scraper (consecutive numbers, one clerk account)", rule));
        } finally {
            reinstate(CLERK_JZ);
        }
    }

    @Test
    @Order(3)
    void aFastRandomScraperIsSuspendedByVolume() {
        List<String> pool = createWaybills(30, i -> waybill(outlet(i), outlet(i + 7), "IN_TRANSIT", null, null));
        String agent = RunningStack.token("cs.li");
        Attack attack = attack(agent, "cs-desk-7", "CUSTOMER_SERVICE", pool::get);
        String rule = attack.assertStopped("cs.li", CS_LI);
        assertEquals("VOLUME", rule);
        TABLE.add(attack.row("a fast random scraper (a customer-service account, full speed)", rule));
        reinstate(CS_LI);
    }

    @Test
    @Order(4)
    void aRentedAccountOnASecondDeviceIsSuspendedAtItsFirstGrant() {
        String courier = RunningStack.token("courier.zhao");
        List<String> deliveries = createWaybills(3, i -> waybill("HD-WA", "HD-JZ", "OUT_FOR_DELIVERY", "C-1005", "C-1002"));
        // the owner works on the phone
        readOk(courier, "phone-zhao-01", deliveries.get(0), "DELIVERY", "DELIVERY");
        // the renter's script, same account, another device
        Attack attack = attack(courier, "rented-phone-77", "DELIVERY", deliveries::get);
        String rule = attack.assertStopped("courier.zhao", COURIER_ZHAO);
        assertEquals("SHARED_ACCOUNT", rule);
        assertEquals(0, attack.reads, "the renter reads nothing");
        // the owner is stopped as well: the account is suspended everywhere
        grant(courier, "phone-zhao-01", deliveries.get(1), "DELIVERY").then().statusCode(403)
                .body("type", endsWith("/account-suspended"));
        TABLE.add(attack.row("a rented account on a second device while its owner works", rule));
        reinstate(COURIER_ZHAO);
    }

    @Test
    @Order(5)
    void aClerkProbingOtherOutletsParcelsIsSuspended() {
        List<String> others = createWaybills(30, i -> waybill(outlet(i + 3), outlet(i + 11), "IN_TRANSIT", null, null));
        String clerk = RunningStack.token("clerk.jize");
        Attack attack = attack(clerk, "counter-jz-01", "COUNTER_INQUIRY", others::get);
        String rule = attack.assertStopped("clerk.jize", CLERK_JZ);
        assertEquals("SCOPE_PROBING", rule);
        TABLE.add(attack.row("a clerk probing other outlets' parcels (tracking views only)", rule));
        reinstate(CLERK_JZ);
    }

    @Test
    @Order(6)
    void readsOffHoursRaiseAnAlertWithoutSuspending() {
        List<String> parcels = createWaybills(5, i -> waybill(DetectionStack.CLOSED_OUTLET, "XT-LY", "CREATED", null, null));
        String clerk = RunningStack.token("clerk.shahe");
        long start = System.nanoTime();
        for (String no : parcels) {
            readOk(clerk, "counter-sh-01", no, "COUNTER_ACCEPT", "COUNTER_ACCEPT");
        }
        Map<String, Object> alert = awaitAlert("clerk.shahe", "OFF_HOURS");
        assertEquals("shadow", alert.get("mode"));
        assertEquals(false, alert.get("suspended"));
        double seconds = (System.nanoTime() - start) / 1e9;
        TABLE.add(row("reads outside the outlet's business hours (5 reads)", "OFF_HOURS (shadow: alert, no suspension)",
                "not suspended", String.format(Locale.ROOT, "alert after %.1f s", seconds)));
        // shadow mode: the clerk keeps working
        assertTrue(grant(clerk, "counter-sh-01", parcels.get(0), "COUNTER_ACCEPT").statusCode() == 201);
    }

    @Test
    @Order(7)
    void aHoneytokenReaderGetsOneReadAndIsSuspended() {
        // a canary and its twin, both to be picked up by courier.wu
        String canary = createWaybill(Map.of("canary", true), waybill("HD-YN", "HD-JZ", "CREATED", "C-1001", null));
        String twin = createWaybills(1, i -> waybill("HD-YN", "HD-JZ", "CREATED", "C-1001", null)).get(0);
        String courier = RunningStack.token("courier.wu");
        Response normal = readResponse(courier, "phone-wu-01", twin, "PICKUP");
        long start = System.nanoTime();
        Response honey = readResponse(courier, "phone-wu-01", canary, "PICKUP");
        assertEquals(200, honey.statusCode(), "a canary answers like any waybill");
        assertEquals(keys(normal), keys(honey), "same body shape as its twin");
        assertEquals((String) normal.path("view"), (String) honey.path("view"));
        Response next = grant(courier, "phone-wu-01", twin, "PICKUP");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(403, next.statusCode(), next.asString());
        assertTrue(next.asString().contains("account-suspended"));
        Map<String, Object> alert = awaitAlert("courier.wu", "HONEYTOKEN");
        assertEquals("CRITICAL", alert.get("severity"));
        assertEquals(true, alert.get("suspended"));
        TABLE.add(row("a honeytoken (canary) read", "HONEYTOKEN", "1",
                String.format(Locale.ROOT, "%.2f s (the next request)", seconds)));
        reinstate(COURIER_WU);
    }

    @Test
    @Order(8)
    void aSuspendedAuditorAndASuspendedAdminAreRefusedOnEveryRoute() {
        String qian = RunningStack.token("auditor.qian");
        String zhou = RunningStack.token("auditor.zhou");
        String admin = RunningStack.token("admin");
        // nobody suspends or reinstates their own account
        gateway().auth().oauth2(zhou).contentType(ContentType.JSON).body(Map.of("reason", "self"))
                .post("/api/v1/accounts/{sub}/suspend", AUDITOR_ZHOU).then().statusCode(403);
        suspend(qian, AUDITOR_ZHOU);
        suspend(qian, ADMIN);
        try {
            List<Response> auditorRoutes = List.of(
                    gateway().auth().oauth2(zhou).get("/api/v1/audit/events"),
                    gateway().auth().oauth2(zhou).get("/api/v1/audit/verify"),
                    gateway().auth().oauth2(zhou).get("/api/v1/audit/checkpoints"),
                    gateway().auth().oauth2(zhou).post("/api/v1/audit/checkpoints"),
                    gateway().auth().oauth2(zhou).get("/api/v1/audit/alerts"),
                    gateway().auth().oauth2(zhou).get("/api/v1/audit/actors/{a}/timeline", "cs.li"),
                    gateway().auth().oauth2(zhou).get("/api/v1/audit/waybills/{no}/history", "YT0000000001"),
                    gateway().auth().oauth2(zhou).contentType(ContentType.JSON).body(Map.of("comment", "x"))
                            .post("/api/v1/audit/alerts/{id}/resolve", "5f0c0000-0000-4000-8000-000000000000"),
                    gateway().auth().oauth2(zhou).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                            .post("/api/v1/accounts/{sub}/reinstate", AUDITOR_ZHOU),
                    gateway().auth().oauth2(zhou).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                            .post("/api/v1/accounts/{sub}/reinstate", ADMIN),
                    gateway().auth().oauth2(zhou).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                            .post("/api/v1/accounts/{sub}/suspend", CS_LI),
                    gateway().auth().oauth2(zhou).get("/api/v1/quota"));
            List<Response> adminRoutes = List.of(
                    gateway().auth().oauth2(admin).contentType(ContentType.JSON)
                            .body(waybill("HD-YN", "HD-JZ", "CREATED", null, null)).post("/api/v1/admin/waybills"),
                    gateway().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("status", "PICKED_UP"))
                            .put("/api/v1/admin/waybills/{no}/status", "YT0000000002"),
                    gateway().auth().oauth2(admin).contentType(ContentType.JSON)
                            .body(Map.of("pickupCourierId", "C-1001"))
                            .put("/api/v1/admin/waybills/{no}/assignment", "YT0000000002"),
                    gateway().auth().oauth2(admin).contentType(ContentType.JSON)
                            .body(Map.of("perMinute", 300, "perHour", 1000, "perDay", 1000))
                            .put("/api/v1/admin/quotas/accounts/{sub}", CLERK_JZ),
                    gateway().auth().oauth2(admin).delete("/api/v1/admin/quotas/accounts/{sub}", CLERK_JZ),
                    gateway().auth().oauth2(admin).get("/api/v1/quota"));
            for (Response r : concat(auditorRoutes, adminRoutes)) {
                assertEquals(403, r.statusCode(), r.asString());
                assertTrue(r.path("type").toString().endsWith("/account-suspended"), r.asString());
            }
            TABLE.add(row("a suspended auditor and a suspended admin on every route ("
                    + auditorRoutes.size() + " + " + adminRoutes.size() + " routes)", "manual suspension", "0",
                    "every route 403 account-suspended"));
        } finally {
            reinstate(AUDITOR_ZHOU);
            reinstate(ADMIN);
        }
    }

    @Test
    @Order(9)
    void alertsAreResolvedWithACommentAndEverythingIsInTheChain() {
        Map<String, Object> alert = awaitAlert("cs.li", "VOLUME");
        String id = (String) alert.get("id");
        auditor().contentType(ContentType.JSON).body(Map.of("comment", "script confirmed; account owner interviewed"))
                .post("/api/v1/audit/alerts/{id}/resolve", id)
                .then().statusCode(200).body("status", equalTo("RESOLVED")).body("resolvedBy", equalTo("auditor.qian"));
        auditor().contentType(ContentType.JSON).body(Map.of("comment", "again"))
                .post("/api/v1/audit/alerts/{id}/resolve", id)
                .then().statusCode(409).body("type", endsWith("/alert-resolved"));
        auditor().queryParam("status", "RESOLVED").get("/api/v1/audit/alerts")
                .then().statusCode(200).body("items.id", hasItem(id)).body("items.status", everyItem(equalTo("RESOLVED")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (String action : List.of("ALERT_RAISED", "ALERT_RESOLVED", "ACCOUNT_SUSPENDED", "ACCOUNT_REINSTATED")) {
                auditor().queryParam("action", action).get("/api/v1/audit/events")
                        .then().statusCode(200).body("items.size()", org.hamcrest.Matchers.greaterThan(0));
            }
        });
        auditor().get("/api/v1/audit/verify").then().statusCode(200).body("valid", equalTo(true));
    }

    @AfterAll
    static void writeTable() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("| scenario | rule that fired | reads before suspension | time to containment |");
        lines.add("|---|---|---|---|");
        lines.addAll(TABLE);
        Path out = Path.of(System.getProperty("wg.repo.root", "..")).resolve("system-tests/target/insider-scenarios.md");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        lines.forEach(System.out::println);
    }

    // --- the attacker ---------------------------------------------------------------------------------------

    /** One attack: grant + read at full speed until refused, counting the reads answered 200. */
    private static final class Attack {
        int reads;
        int requests;
        double seconds;
        int refusalStatus;
        String refusal = "";

        String assertStopped(String username, String sub) {
            assertEquals(403, refusalStatus, "the attacker was stopped: " + refusal);
            assertTrue(refusal.contains("account-suspended"), refusal);
            assertTrue(reads <= MAX_READS, "at most " + MAX_READS + " reads before the suspension, got " + reads);
            Map<String, Object> alert = awaitAlert(username, null);
            assertEquals(true, alert.get("suspended"), "an enforced alert: " + alert);
            assertEquals(sub, ((Map<?, ?>) alert.get("actor")).get("sub"));
            return (String) alert.get("rule");
        }

        String row(String scenario, String rule) {
            return InsiderScenariosIT.row(scenario, rule, Integer.toString(reads),
                    String.format(Locale.ROOT, "%.2f s after the first request (%d requests)", seconds, requests));
        }
    }

    private static Attack attack(String token, String device, String purpose, IntFunction<String> numbers) {
        Attack attack = new Attack();
        long start = System.nanoTime();
        for (int i = 0; i < ATTACK_LIMIT; i++) {
            String no = numbers.apply(i);
            attack.requests++;
            Response granted = grant(token, device, no, purpose);
            if (granted.statusCode() != 201) {
                attack.refusalStatus = granted.statusCode();
                attack.refusal = granted.asString();
                break;
            }
            Response read = read(token, granted.path("grant"), device, no);
            attack.requests++;
            if (read.statusCode() == 200) {
                attack.reads++;
            } else if (read.statusCode() == 403 && read.asString().contains("account-suspended")) {
                attack.refusalStatus = 403;
                attack.refusal = read.asString();
                break;
            }
        }
        attack.seconds = (System.nanoTime() - start) / 1e9;
        return attack;
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private static RequestSpecification gateway() {
        return given().spec(DetectionStack.gateway());
    }

    private static RequestSpecification auditor() {
        return gateway().auth().oauth2(RunningStack.token("auditor.qian"));
    }

    private static Response grant(String token, String device, String waybillNo, String purpose) {
        return gateway().auth().oauth2(token).header("X-Device-Id", device).contentType(ContentType.JSON)
                .body(Map.of("waybillNo", waybillNo, "purpose", purpose)).post("/api/v1/grants");
    }

    private static Response read(String token, String grant, String device, String waybillNo) {
        return gateway().auth().oauth2(token).header("X-Access-Grant", grant).header("X-Device-Id", device)
                .get("/api/v1/waybills/{no}", waybillNo);
    }

    private static Response readResponse(String token, String device, String waybillNo, String purpose) {
        Response granted = grant(token, device, waybillNo, purpose);
        assertEquals(201, granted.statusCode(), granted.asString());
        return read(token, granted.path("grant"), device, waybillNo);
    }

    private static int readOk(String token, String device, String waybillNo, String purpose, String view) {
        Response read = readResponse(token, device, waybillNo, purpose);
        assertEquals(200, read.statusCode(), read.asString());
        assertEquals(view, read.path("view"));
        return 1;
    }

    private static List<String> keys(Response response) {
        List<String> keys = new ArrayList<>(response.jsonPath().<String, Object>getMap("$").keySet());
        Collections.sort(keys);
        return keys;
    }

    private static void suspend(String auditorToken, String sub) {
        gateway().auth().oauth2(auditorToken).contentType(ContentType.JSON).body(Map.of("reason", "insider scenario"))
                .post("/api/v1/accounts/{sub}/suspend", sub).then().statusCode(200);
    }

    private static void reinstate(String sub) {
        auditor().contentType(ContentType.JSON).body(Map.of("reason", "scenario over"))
                .post("/api/v1/accounts/{sub}/reinstate", sub).then().statusCode(200);
    }

    /** The newest alert about an account (of a rule, or of any rule), waiting for it to be stored. */
    private static Map<String, Object> awaitAlert(String username, String rule) {
        Map<String, Object> found = new HashMap<>();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            RequestSpecification request = auditor().queryParam("actor", username);
            if (rule != null) {
                request.queryParam("rule", rule);
            }
            List<Map<String, Object>> items = request.get("/api/v1/audit/alerts").then().statusCode(200)
                    .extract().jsonPath().getList("items");
            assertTrue(!items.isEmpty(), "an alert about " + username);
            found.putAll(items.get(0));
        });
        return found;
    }

    private static void awaitStored(String username, String action, int count) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> auditor()
                .queryParam("actor", username).queryParam("action", action).queryParam("size", 500)
                .get("/api/v1/audit/events").then().statusCode(200).body("items.size()", equalTo(count)));
    }

    private static List<String> createWaybills(int count, IntFunction<Map<String, Object>> body) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(createWaybill(Map.of(), body.apply(i)));
        }
        return numbers;
    }

    private static String createWaybill(Map<String, Object> extra, Map<String, Object> body) {
        Map<String, Object> all = new HashMap<>(body);
        all.putAll(extra);
        return gateway().auth().oauth2(RunningStack.token("admin")).contentType(ContentType.JSON).body(all)
                .post("/api/v1/admin/waybills").then().statusCode(201).extract().path("waybillNo");
    }

    private static final List<String> OUTLETS = List.of("HD-YN", "HD-JZ", "HD-WA", "XT-LY", "SJZ-CA", "BJ-CY",
            "GZ-TH", "HD-YN", "HD-WA", "XT-LY", "BJ-CY", "GZ-TH", "SJZ-CA");

    /** An outlet other than HD-JZ for index {@code i} (the probing clerk's parcels are all elsewhere). */
    private static String outlet(int i) {
        String outlet = OUTLETS.get(Math.floorMod(i, OUTLETS.size()));
        return outlet.equals("HD-JZ") ? "HD-WA" : outlet;
    }

    private static Map<String, Object> waybill(String origin, String destination, String status,
                                               String pickupCourier, String deliveryCourier) {
        Map<String, Object> body = new HashMap<>();
        body.put("originOutletId", origin);
        body.put("destinationOutletId", destination);
        body.put("status", status);
        body.put("weightGrams", 500 + RANDOM.nextInt(5000));
        body.put("itemCategory", "DOCUMENTS");
        if (pickupCourier != null) {
            body.put("pickupCourierId", pickupCourier);
        }
        if (deliveryCourier != null) {
            body.put("deliveryCourierId", deliveryCourier);
        }
        body.put("sender", party("王小明", "河北省", "邯郸市", "永年区"));
        body.put("receiver", party("赵丽", "河北省", "邯郸市", "鸡泽县"));
        return body;
    }

    private static Map<String, Object> party(String name, String province, String city, String district) {
        String phone = "139" + String.format("%08d", RANDOM.nextInt(100_000_000));
        return Map.of("name", name, "phone", phone,
                "address", Map.of("province", province, "city", city, "district", district, "detail", "建设路18号"));
    }

    private static String row(String scenario, String rule, String reads, String time) {
        return "| " + scenario + " | " + rule + " | " + reads + " | " + time + " |";
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
