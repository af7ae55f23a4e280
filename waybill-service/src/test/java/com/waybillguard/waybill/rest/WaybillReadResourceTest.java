package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.support.GrantBuilder;
import com.waybillguard.waybill.support.TestWaybills;
import com.waybillguard.waybill.support.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class WaybillReadResourceTest {

    private static final String PROBLEMS = "https://waybill-guard.example/problems/";
    private static final String DEVICE = "device-0001";
    private static final String CLERK_JZ = "sub-clerk-jize";
    private static final String CLERK_YN = "sub-clerk-yongnian";
    private static final String COURIER_WU = "sub-courier-wu";
    private static final String CS = "sub-cs-li";

    @Inject
    com.waybillguard.waybill.service.GrantKeyStore keyStore;

    @Inject
    RedisDataSource redis;

    private String inTransit;

    @BeforeEach
    void createWaybill() {
        inTransit = TestWaybills.create("IN_TRANSIT", "HD-YN", "HD-JZ", "C-1001", "C-1002");
    }

    private static String clerkToken(String sub, String outlet) {
        return Tokens.access(sub, sub, "clerk", outlet, null);
    }

    private static ValidatableResponse read(String token, String waybillNo, String grant, String device) {
        var request = given().auth().oauth2(token).header("X-Device-Id", device);
        if (grant != null) {
            request.header("X-Access-Grant", grant);
        }
        return request.when().get("/api/v1/waybills/" + waybillNo).then().log().ifValidationFails();
    }

    private static GrantBuilder clerkGrant(String sub, String outlet, String waybillNo, String purpose) {
        return GrantBuilder.grant(sub, "clerk", waybillNo, purpose, DEVICE).outlet(outlet);
    }

    private static ValidatableResponse assertProblem(ValidatableResponse response, int status, String slug) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + slug))
                .body("status", equalTo(status))
                .body("title", not(nullValue()))
                .body(not(containsString("Exception")));
    }

    @Test
    void counterInquiryAtDestinationMasksNamesAndPhonesAndHidesDetail() {
        String grant = clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign();
        read(clerkToken(CLERK_JZ, "HD-JZ"), inTransit, grant, DEVICE)
                .statusCode(200)
                .body("waybillNo", equalTo(inTransit))
                .body("status", equalTo("IN_TRANSIT"))
                .body("view", equalTo("COUNTER_INQUIRY"))
                .body("purpose", equalTo("COUNTER_INQUIRY"))
                .body("originOutletId", equalTo("HD-YN"))
                .body("pickupCourierId", equalTo("C-1001"))
                .body("sender.name", equalTo("张**"))
                .body("sender.phone", equalTo("*******5678"))
                .body("sender.address.province", equalTo("河北省"))
                .body("sender.address.district", equalTo("永年区"))
                .body("sender.address", not(hasKey("detail")))
                .body("receiver.name", equalTo("李*"))
                .body("receiver.phone", equalTo("*******4321"))
                .body("receiver.address", not(hasKey("detail")))
                .body("disclosure", aMapWithSize(12))
                .body("disclosure.'sender.address.detail'", equalTo("HIDDEN"))
                .body("disclosure.'receiver.name'", equalTo("MASKED"))
                .body(not(containsString("canary")));
    }

    @Test
    void clerkOfAnotherOutletFallsBackToTracking() {
        String grant = clerkGrant("sub-clerk-wa", "HD-WA", inTransit, "COUNTER_INQUIRY").sign();
        read(clerkToken("sub-clerk-wa", "HD-WA"), inTransit, grant, DEVICE)
                .statusCode(200)
                .body("view", equalTo("TRACKING"))
                .body("sender", not(hasKey("name")))
                .body("sender", not(hasKey("phone")))
                .body("receiver", not(hasKey("name")))
                .body("sender.address.city", equalTo("邯郸市"))
                .body("sender.address", not(hasKey("district")))
                .body("receiver.address", not(hasKey("detail")))
                .body("disclosure.'sender.name'", equalTo("HIDDEN"))
                .body("disclosure.'receiver.address.city'", equalTo("FULL"))
                .body(not(containsString("5678")));
    }

    @Test
    void counterAcceptAtOriginWhileCreated() {
        String created = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", "C-1001", null);
        String grant = clerkGrant(CLERK_YN, "HD-YN", created, "COUNTER_ACCEPT").sign();
        read(clerkToken(CLERK_YN, "HD-YN"), created, grant, DEVICE)
                .statusCode(200)
                .body("view", equalTo("COUNTER_ACCEPT"))
                .body("sender.name", equalTo(TestWaybills.SENDER_NAME))
                .body("sender.phone", equalTo("*******5678"))
                .body("sender.address.detail", equalTo(TestWaybills.SENDER_DETAIL))
                .body("receiver.name", equalTo("李*"))
                .body("receiver.address.detail", equalTo(TestWaybills.RECEIVER_DETAIL));
    }

    @Test
    void pickupByAssignedCourierAndRefusalOtherwise() {
        String created = TestWaybills.create("CREATED", "HD-YN", "HD-JZ", "C-1001", null);
        String token = Tokens.access(COURIER_WU, "courier.wu", "courier", "HD-YN", "C-1001");
        read(token, created, GrantBuilder.grant(COURIER_WU, "courier", created, "PICKUP", DEVICE)
                .outlet("HD-YN").courier("C-1001").sign(), DEVICE)
                .statusCode(200)
                .body("view", equalTo("PICKUP"))
                .body("sender.name", equalTo("张**"))
                .body("sender.address.detail", equalTo(TestWaybills.SENDER_DETAIL))
                .body("receiver", not(hasKey("name")))
                .body("receiver.address", not(hasKey("district")))
                .body("receiver.address.city", equalTo("邯郸市"));
        // not CREATED any more: no TRACKING fallback for PICKUP
        assertProblem(read(token, inTransit, GrantBuilder.grant(COURIER_WU, "courier", inTransit, "PICKUP", DEVICE)
                .outlet("HD-YN").courier("C-1001").sign(), DEVICE), 403, "out-of-scope");
    }

    @Test
    void deliveryAndCustomerService() {
        String out = TestWaybills.create("OUT_FOR_DELIVERY", "HD-YN", "HD-JZ", "C-1001", "C-1002");
        String zhao = Tokens.access("sub-courier-zhao", "courier.zhao", "courier", "HD-JZ", "C-1002");
        read(zhao, out, GrantBuilder.grant("sub-courier-zhao", "courier", out, "DELIVERY", DEVICE)
                .outlet("HD-JZ").courier("C-1002").sign(), DEVICE)
                .statusCode(200)
                .body("view", equalTo("DELIVERY"))
                .body("receiver.name", equalTo("李*"))
                .body("receiver.address.detail", equalTo(TestWaybills.RECEIVER_DETAIL))
                .body("sender", not(hasKey("phone")));
        String cs = Tokens.access(CS, "cs.li", "cs_agent", null, null);
        read(cs, out, GrantBuilder.grant(CS, "cs_agent", out, "CUSTOMER_SERVICE", DEVICE).sign(), DEVICE)
                .statusCode(200)
                .body("view", equalTo("CUSTOMER_SERVICE"))
                .body("sender.name", equalTo("张**"))
                .body("receiver.address", not(hasKey("district")));
    }

    @Test
    void roleOutletAndCourierComeFromTheGrantAndTokenNeverFromTheRequest() {
        // grant and token say HD-WA; the request's parameters and headers claim the destination outlet and other roles
        String grant = clerkGrant("sub-clerk-mixed", "HD-WA", inTransit, "COUNTER_INQUIRY").sign();
        given().auth().oauth2(clerkToken("sub-clerk-mixed", "HD-WA"))
                .header("X-Device-Id", DEVICE).header("X-Access-Grant", grant)
                .header("X-Outlet-Id", "HD-JZ").header("X-Role", "admin").header("X-Courier-Id", "C-1002")
                .queryParam("outletId", "HD-JZ").queryParam("role", "cs_agent").queryParam("view", "COUNTER_ACCEPT")
                .when().get("/api/v1/waybills/" + inTransit)
                .then().statusCode(200)
                .body("view", equalTo("TRACKING"))
                .body("sender", not(hasKey("name")))
                .body(not(containsString("5678")));
    }

    /**
     * A grant is only as good as the account presenting it: signed by the gateway's key (as a leaked key would
     * sign it) for a role, outlet or courier the caller's access token does not hold, it reads nothing.
     */
    @Test
    void aGrantForWhatTheTokenDoesNotHoldIsNotBound() {
        String out = TestWaybills.create("OUT_FOR_DELIVERY", "HD-YN", "HD-JZ", "C-1001", "C-1002");
        String sub = "sub-mint-" + System.nanoTime();
        // the token's outlet is HD-WA; the grant names the destination outlet
        assertNotBound(clerkToken(sub, "HD-WA"), inTransit,
                clerkGrant(sub, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign());
        // a clerk's token with a grant minted for the role customer service
        assertNotBound(clerkToken(sub, "HD-WA"), inTransit,
                GrantBuilder.grant(sub, "cs_agent", inTransit, "CUSTOMER_SERVICE", DEVICE).sign());
        // an auditor's token with a clerk's grant: auditors never read waybills
        assertNotBound(Tokens.access(sub, "auditor.x", "auditor", null, null), inTransit,
                clerkGrant(sub, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign());
        // a courier of another courier id
        String courier = Tokens.access(sub, "courier.x", "courier", "HD-JZ", "C-1999");
        assertNotBound(courier, out, GrantBuilder.grant(sub, "courier", out, "DELIVERY", DEVICE)
                .outlet("HD-JZ").courier("C-1002").sign());
        // a courier token without an outlet, the grant with one
        assertNotBound(Tokens.access(sub, "courier.x", "courier", null, "C-1002"), out,
                GrantBuilder.grant(sub, "courier", out, "DELIVERY", DEVICE).outlet("HD-JZ").courier("C-1002").sign());
        // the same grants with the matching token read
        read(Tokens.access(sub, "courier.x", "courier", "HD-JZ", "C-1002"), out,
                GrantBuilder.grant(sub, "courier", out, "DELIVERY", DEVICE).outlet("HD-JZ").courier("C-1002").sign(),
                DEVICE).statusCode(200).body("view", equalTo("DELIVERY"));
        List<String> events = TestWaybills.auditEvents(redis).stream()
                .filter(e -> e.contains("\"sub\":\"" + sub + "\"")).toList();
        assertEquals(5, events.stream().filter(e -> e.contains("\"reason\":\"grant-not-bound\"")).count(),
                "every refusal audited: " + events);
    }

    /** One role per account, also when the gateway is bypassed: such a token reads nothing, and the try is recorded. */
    @Test
    void anAccountHoldingTwoRolesReadsNothing() {
        String sub = "sub-two-roles-" + System.nanoTime();
        String token = Tokens.access(sub, "clerk.auditor", Set.of("clerk", "auditor"), "HD-JZ", null);
        String grant = clerkGrant(sub, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign();
        assertProblem(read(token, inTransit, grant, DEVICE), 403, "role-conflict")
                .body("detail", containsString("auditor"))
                .body(not(containsString("5678")));
        List<String> events = TestWaybills.auditEvents(redis).stream()
                .filter(e -> e.contains("\"sub\":\"" + sub + "\"")).toList();
        assertEquals(1, events.size(), "the refusal is recorded: " + events);
        assertTrue(events.get(0).contains("\"reason\":\"role-conflict\"")
                && events.get(0).contains("\"role\":\"clerk+auditor\""), events.get(0));
        // the grant was not spent: the account's single-role token (after an administrator fixed it) still reads
        read(clerkToken(sub, "HD-JZ"), inTransit, grant, DEVICE).statusCode(200);
    }

    private static void assertNotBound(String token, String waybillNo, String grant) {
        assertProblem(read(token, waybillNo, grant, DEVICE), 403, "grant-not-bound")
                .body(not(containsString("5678")));
    }

    @Test
    void purposeNotAllowedForRole() {
        String grant = clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "PICKUP").sign();
        assertProblem(read(clerkToken(CLERK_JZ, "HD-JZ"), inTransit, grant, DEVICE), 403, "purpose-not-allowed");
    }

    @Test
    void replayedGrantIsRefusedAndAudited() {
        GrantBuilder builder = clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY");
        String grant = builder.sign();
        String token = clerkToken(CLERK_JZ, "HD-JZ");
        read(token, inTransit, grant, DEVICE).statusCode(200);
        assertProblem(read(token, inTransit, grant, DEVICE), 403, "grant-replayed");

        List<String> events = TestWaybills.auditEvents(redis).stream()
                .filter(e -> e.contains("\"grantId\":\"" + builder.jti() + "\"")).toList();
        assertEquals(2, events.size(), "one event for the read and one for the replay");
        String read = events.get(0);
        String refused = events.get(1);
        assertFalse(!read.contains("\"action\":\"WAYBILL_READ\"") || !read.contains("\"view\":\"COUNTER_INQUIRY\""), read);
        assertFalse(!read.contains("\"decision\":\"ALLOW\"") || !read.contains("\"sender.name\":\"MASKED\""), read);
        assertFalse(!read.contains("\"source\":\"waybill-service\"") || !read.contains("\"deviceId\":\"" + DEVICE + "\""), read);
        assertFalse(!refused.contains("\"WAYBILL_READ_REFUSED\"") || !refused.contains("\"reason\":\"grant-replayed\""), refused);
        for (String event : events) {
            TestWaybills.noPersonalData().forEach((what, value) ->
                    assertFalse(event.contains(value), "audit event carries the " + what + ": " + event));
            assertFalse(event.contains(grant), "audit event carries the grant");
        }
    }

    @Test
    void aGrantRedeemedManyTimesAtOnceIsReadExactlyOnce() throws Exception {
        // a cold key cache: every read waits for one shared JWK Set fetch, then each must go on on its own
        // context (its own database session); on a shared one they answered 500
        keyStore.reset();
        String grant = clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign();
        String token = clerkToken(CLERK_JZ, "HD-JZ");
        int parallel = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<io.restassured.response.Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().auth().oauth2(token).header("X-Device-Id", DEVICE).header("X-Access-Grant", grant)
                            .get("/api/v1/waybills/{no}", inTransit);
                }));
            }
            start.countDown();
            int ok = 0;
            for (var answer : answers) {
                io.restassured.response.Response r = answer.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(403, r.statusCode(), r.asString());
                    assertTrue(r.asString().contains("grant-replayed"), r.asString());
                }
            }
            assertEquals(1, ok, "exactly one read");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void forgedGrantsAreUnauthorized() throws Exception {
        String token = clerkToken(CLERK_JZ, "HD-JZ");
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").audience("wg-gateway").sign(), DEVICE),
                401, "grant-invalid");
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").issuer("someone-else").sign(), DEVICE),
                401, "grant-invalid");
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").signHs256(), DEVICE),
                401, "grant-invalid");
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").unsigned(), DEVICE),
                401, "grant-invalid");
        var otherKey = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").signedBy(otherKey.getPrivateKey()).sign(),
                DEVICE), 401, "grant-invalid");
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").kid("unknown-kid").sign(), DEVICE),
                401, "grant-invalid");
        assertProblem(read(token, inTransit, "not.a.grant", DEVICE), 401, "grant-invalid");
        assertProblem(read(token, inTransit, null, DEVICE), 401, "grant-missing");
    }

    @Test
    void aGrantMustSayItIsAGrant() {
        String token = clerkToken(CLERK_JZ, "HD-JZ");
        // a JWS without typ, or with an access token's, is not a grant even when the gateway's key signed it
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").type(null).sign(), DEVICE),
                401, "grant-invalid");
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").type("JWT").sign(), DEVICE),
                401, "grant-invalid");
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").type("at+jwt").sign(), DEVICE),
                401, "grant-invalid");
    }

    @Test
    void expiredGrantIsUnauthorized() {
        String grant = clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").issuedSecondsAgo(120).ttl(60).sign();
        assertProblem(read(clerkToken(CLERK_JZ, "HD-JZ"), inTransit, grant, DEVICE), 401, "grant-expired");
    }

    @Test
    void notYetValidGrantIsUnauthorized() {
        String early = clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").validFromSecondsLater(120).sign();
        assertProblem(read(clerkToken(CLERK_JZ, "HD-JZ"), inTransit, early, DEVICE), 401, "grant-invalid");
        String fromTheFuture = clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").issuedSecondsAgo(-120).sign();
        assertProblem(read(clerkToken(CLERK_JZ, "HD-JZ"), inTransit, fromTheFuture, DEVICE), 401, "grant-invalid");
    }

    @Test
    void grantBoundToAnotherAccountDeviceOrWaybill() {
        String token = clerkToken(CLERK_JZ, "HD-JZ");
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_YN, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign(), DEVICE), 403, "grant-not-bound");
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign(), "another-device-9"),
                403, "grant-not-bound");
        String other = TestWaybills.create("IN_TRANSIT", "HD-YN", "HD-JZ", null, null);
        assertProblem(read(token, inTransit,
                clerkGrant(CLERK_JZ, "HD-JZ", other, "COUNTER_INQUIRY").sign(), DEVICE), 403, "grant-waybill-mismatch");
    }

    @Test
    void suspendedAccountIsRefused() {
        String sub = "sub-suspended-" + System.nanoTime();
        redis.value(String.class).set("{wg}:account:suspended:" + sub, "{\"reason\":\"VOLUME\",\"by\":\"test\",\"at\":\"now\"}");
        try {
            assertProblem(read(clerkToken(sub, "HD-JZ"), inTransit,
                    clerkGrant(sub, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign(), DEVICE), 403, "account-suspended");
        } finally {
            redis.key().del("{wg}:account:suspended:" + sub);
        }
    }

    @Test
    void grantIssuedBeforeTheSuspensionNoLongerRedeems() {
        String sub = "sub-suspended-later-" + System.nanoTime();
        // the grant is issued (and valid) while the account is in good standing ...
        GrantBuilder builder = clerkGrant(sub, "HD-JZ", inTransit, "COUNTER_INQUIRY").issuedSecondsAgo(10);
        String grant = builder.sign();
        String marker = "{wg}:account:suspended:" + sub;
        // ... then the account is suspended
        redis.value(String.class).set(marker, "{\"reason\":\"MANUAL\",\"by\":\"auditor\",\"at\":\"now\"}");
        try {
            assertProblem(read(clerkToken(sub, "HD-JZ"), inTransit, grant, DEVICE), 403, "account-suspended")
                    .body(not(containsString("5678")))
                    .body(not(containsString(TestWaybills.RECEIVER_NAME.substring(0, 1))))
                    .body(not(containsString("view")));
            assertFalse(redis.key().exists("{wg}:grant:jti:" + builder.jti()), "the grant was redeemed");
            List<String> events = TestWaybills.auditEvents(redis).stream()
                    .filter(e -> e.contains("\"grantId\":\"" + builder.jti() + "\"")).toList();
            assertEquals(1, events.size(), "events of the grant: " + events);
            assertFalse(!events.get(0).contains("\"WAYBILL_READ_REFUSED\"")
                    || !events.get(0).contains("\"reason\":\"account-suspended\"")
                    || !events.get(0).contains("\"view\":null"), events.get(0));
        } finally {
            redis.key().del(marker);
        }
        // unused, the grant would redeem once the account is reinstated
        read(clerkToken(sub, "HD-JZ"), inTransit, grant, DEVICE).statusCode(200);
    }

    @Test
    void malformedAndUnknownWaybill() {
        String token = clerkToken(CLERK_JZ, "HD-JZ");
        assertProblem(read(token, "yt123", clerkGrant(CLERK_JZ, "HD-JZ", "yt123", "COUNTER_INQUIRY").sign(), DEVICE),
                400, "invalid-waybill-number");
        String unknown = TestWaybills.uniqueNumber();
        assertProblem(read(token, unknown, clerkGrant(CLERK_JZ, "HD-JZ", unknown, "COUNTER_INQUIRY").sign(), DEVICE),
                404, "waybill-not-found");
        assertProblem(read(token, inTransit, clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign(), "bad"),
                400, "invalid-device-id");
    }

    @Test
    void missingOrInvalidAccessTokenIsUnauthorized() {
        String grant = clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign();
        assertProblem(given().header("X-Access-Grant", grant).header("X-Device-Id", DEVICE)
                .when().get("/api/v1/waybills/" + inTransit).then(), 401, "unauthorized");
        assertProblem(read("eyJhbGciOiJub25lIn0.e30.", inTransit, grant, DEVICE), 401, "unauthorized");
    }

    @Test
    void failedAuditAppendFailsTheReadClosed() {
        String grant = clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign();
        // a value of the wrong type under the stream key makes XADD fail for real
        redis.key().rename(TestWaybills.STREAM, TestWaybills.STREAM + ":saved");
        redis.value(String.class).set(TestWaybills.STREAM, "not-a-stream");
        try {
            assertProblem(read(clerkToken(CLERK_JZ, "HD-JZ"), inTransit, grant, DEVICE), 503, "audit-unavailable")
                    .body(not(containsString(TestWaybills.SENDER_NAME.substring(0, 1))))
                    .body(not(containsString("5678")))
                    .body(not(containsString("view")));
        } finally {
            redis.key().del(TestWaybills.STREAM);
            redis.key().rename(TestWaybills.STREAM + ":saved", TestWaybills.STREAM);
        }
    }

    @Test
    void slowRedisFailsTheReadFastNotLate() {
        String token = clerkToken(CLERK_JZ, "HD-JZ");
        read(token, inTransit, clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign(), DEVICE)
                .statusCode(200);
        String grant = clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign();
        // Redis accepts connections but answers nothing for 6 s
        redis.execute("CLIENT", "PAUSE", "6000", "ALL");
        long start = System.nanoTime();
        ValidatableResponse response = read(token, inTransit, grant, DEVICE);
        long millis = java.time.Duration.ofNanos(System.nanoTime() - start).toMillis();
        response.statusCode(503).contentType("application/problem+json");
        // the bounds are 500 ms per Redis call; the margin is for a loaded CI machine, far below the pause
        org.junit.jupiter.api.Assertions.assertTrue(millis < 4_500, "answered after " + millis + " ms");

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                read(token, inTransit, clerkGrant(CLERK_JZ, "HD-JZ", inTransit, "COUNTER_INQUIRY").sign(), DEVICE)
                        .statusCode(200));
    }
}
