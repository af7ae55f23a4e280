package com.waybillguard.systemtests;

import com.waybillguard.stack.LocalStack;
import com.waybillguard.stack.PostgresServer;
import com.waybillguard.stack.RedisServer;
import com.waybillguard.systemtests.AuditLedger.Tally;
import com.waybillguard.systemtests.HttpGateway.Answer;
import com.waybillguard.systemtests.Traffic.Exchange;
import com.waybillguard.systemtests.Traffic.Kind;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults of real processes under load (issue 14): audit-service stopped and frozen, Redis frozen, PostgreSQL stopped,
 * waybill-service killed in the middle of reads, the gateway restarted. A few clients of one clerk account ask for
 * grants and read with them throughout ({@link Traffic}); each scenario then holds every answer against the audit log
 * ({@link AuditLedger}): no grant answered 201 and no read answered 200 without its event, no event twice, and the
 * chain verifies. Every process stopped is brought back in {@code finally}, so the functional tests after these find
 * the stack as it was. Each scenario writes a row of {@code target/reliability.md} (README, "Reliability").
 */
@ExtendWith(RunningStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final String CLERK_SH = "00000009-0000-4000-8000-000000000009";
    private static final String COURIER_ZHAO = "00000004-0000-4000-8000-000000000004";
    private static final int CLIENTS = 4;
    private static final Duration THINK = Duration.ofMillis(100);
    /** The client's own patience: far beyond every bound of the suite, so that a hang shows as a timeout. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    /** {@code wg.redis.timeout}, the bound of one Redis call in the gateway and waybill-service (their default). */
    private static final Duration REDIS_BOUND = Duration.ofSeconds(2);
    /** The gateway's bound of one call to waybill-service ({@code InnerServiceLimits.TIMEOUT_MILLIS}). */
    private static final Duration UPSTREAM_BOUND = Duration.ofSeconds(5);
    /** On top of a bound: a 2-core machine that is also compiling and collecting garbage. */
    private static final Duration MARGIN = Duration.ofMillis(1500);
    /** How long a fault lasts while the clients go on. */
    private static final Duration FAULT = Duration.ofSeconds(5);
    /** The longest wait for the stack to answer again, or for the log to hold every event, after a fault. */
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(90);

    private static HttpGateway gateway;
    /** The scenario running, whose clients {@link #stopTheClients()} stops whatever happened. */
    private static Scenario current;

    @BeforeAll
    static void liftTheClerksQuota() {
        ReliabilityTable.begin();
        gateway = new HttpGateway(CLIENT_TIMEOUT);
        String admin = RunningStack.freshToken("admin");
        // the clients ask for more grants than a clerk's minute allows (as ConcurrentLoadIT, on the same account)
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("perMinute", 100_000, "perHour", 100_000, "perDay", 100_000))
                .put("/api/v1/admin/quotas/accounts/{sub}", CLERK_SH).then().statusCode(200);
    }

    @AfterEach
    void stopTheClients() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @AfterAll
    static void restoreTheClerksQuota() {
        given().auth().oauth2(RunningStack.freshToken("admin"))
                .delete("/api/v1/admin/quotas/accounts/{sub}", CLERK_SH);
    }

    @Test
    @Order(1)
    void auditServiceStoppedUnderLoad() throws Exception {
        auditServiceAwayUnderLoad("counter-sh-fault-1", () -> stack().stop("audit-service"),
                () -> stack().restart("audit-service"),
                away -> "audit-service stopped (SIGTERM) and restarted: away " + away + " s",
                "after audit-service was back");
    }

    @Test
    @Order(2)
    void auditServicePausedUnderLoad() throws Exception {
        auditServiceAwayUnderLoad("counter-sh-fault-2", () -> stack().pause("audit-service"),
                () -> stack().resume("audit-service"),
                away -> "audit-service frozen (SIGSTOP) for " + away + " s, then SIGCONT", "after SIGCONT");
    }

    /** A step of a fault that may fail with an I/O error (a process that does not start again). */
    private interface FaultStep {
        void run() throws IOException;
    }

    /**
     * audit-service taken {@code away} for {@link #FAULT} and brought {@code back} while the clients work; the row
     * names the fault as {@code fault} says it, given how long it lasted.
     */
    private static void auditServiceAwayUnderLoad(String device, FaultStep away, FaultStep back,
                                                  java.util.function.UnaryOperator<String> fault, String backWhen)
            throws Exception {
        Scenario run = Scenario.start(device);
        try {
            run.faultBegins();
            away.run();
            sleep(FAULT);
        } finally {
            back.run();
        }
        run.faultEnds();
        sleep(Duration.ofSeconds(1));
        List<Exchange> exchanges = run.finish();
        assertReadsWentOn(exchanges, run);
        Tally tally = run.settle(exchanges);
        run.report(fault.apply(seconds(run.faultDuration())), exchanges, tally, e -> false,
                "every event in the log " + seconds(run.settled) + " s " + backWhen);
    }

    @Test
    @Order(3)
    void redisPausedFailsFastAndRecovers() throws Exception {
        RedisServer redis = stack().redis().orElseThrow();
        Scenario run = Scenario.start("counter-sh-fault-3");
        try {
            run.faultBegins();
            redis.pause();
            sleep(FAULT);
        } finally {
            redis.resume();
        }
        run.faultEnds();
        Duration firstGrant = run.traffic.awaitSuccess(Kind.GRANT, run.faultEnd, RECOVERY_LIMIT);
        Duration firstRead = run.traffic.awaitSuccess(Kind.READ, run.faultEnd, RECOVERY_LIMIT);
        List<Exchange> exchanges = run.finish();
        Duration bound = REDIS_BOUND.plus(MARGIN);
        List<Exchange> duringPause = exchanges.stream()
                .filter(e -> e.answer().endNanos() > run.faultStart && e.answer().startNanos() < run.faultEnd)
                .toList();
        Duration slowest = duringPause.stream().map(e -> e.answer().took()).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        assertTrue(duringPause.stream().anyMatch(e -> e.answer().status() == 503),
                "requests were refused while Redis was frozen");
        Tally tally = run.settle(exchanges);
        run.report("Redis frozen (SIGSTOP) for " + seconds(run.faultDuration()) + " s, then SIGCONT", exchanges, tally,
                e -> e.answer().status() == 503 && e.answer().isProblem()
                        && e.answer().took().compareTo(bound) <= 0,
                "slowest answer while frozen " + seconds(slowest) + " s (bound " + seconds(REDIS_BOUND)
                        + " s); first 201 " + seconds(firstGrant) + " s and first 200 " + seconds(firstRead)
                        + " s after SIGCONT");
        assertTrue(slowest.compareTo(bound) <= 0, "every answer while Redis was frozen within " + seconds(bound)
                + " s, the slowest took " + seconds(slowest) + " s");
    }

    @Test
    @Order(4)
    void postgresStoppedAndRestarted() throws Exception {
        PostgresServer postgres = stack().postgres().orElseThrow();
        Scenario run = Scenario.start("counter-sh-fault-4");
        Duration down;
        try {
            run.faultBegins();
            postgres.stop();
            down = awaitReadiness("waybill-service", 503, "DOWN");
            sleep(Duration.ofSeconds(2));
        } finally {
            postgres.restart();
        }
        run.faultEnds();
        Duration firstRead = run.traffic.awaitSuccess(Kind.READ, run.faultEnd, RECOVERY_LIMIT);
        Duration up = awaitReadiness("waybill-service", 200, "UP");
        List<Exchange> exchanges = run.finish();
        assertTrue(exchanges.stream().anyMatch(e -> e.kind() == Kind.READ && e.startedAfter(run.faultStart)
                        && e.answer().startNanos() < run.faultEnd && e.answer().status() == 503),
                "reads were refused with 503 while PostgreSQL was down");
        Tally tally = run.settle(exchanges);
        run.report("PostgreSQL stopped for " + seconds(run.faultDuration()) + " s, then restarted", exchanges, tally,
                e -> e.kind() == Kind.READ && e.answer().status() == 503 && e.answer().isProblem(),
                "waybill-service not ready " + seconds(down) + " s after the stop; first 200 " + seconds(firstRead)
                        + " s and ready " + seconds(up) + " s after the restart");
    }

    @Test
    @Order(5)
    void waybillServiceKilledMidRequest() throws Exception {
        Scenario run = Scenario.start("counter-sh-fault-5");
        long kill;
        try {
            // frozen for a moment first, so that the kill surely cuts reads off in the middle (an answer already
            // on its way has a second to arrive, and is then not in flight any more)
            run.faultBegins();
            stack().pause("waybill-service");
            sleep(Duration.ofSeconds(1));
            awaitReadsInFlight(run.traffic);
            kill = System.nanoTime();
            stack().kill("waybill-service");
            sleep(Duration.ofSeconds(2));
        } finally {
            stack().resume("waybill-service");
            if (!stack().isAlive("waybill-service")) {
                stack().restart("waybill-service");
            }
        }
        run.faultEnds();
        Duration firstRead = run.traffic.awaitSuccess(Kind.READ, run.faultEnd, RECOVERY_LIMIT);
        List<Exchange> exchanges = run.finish();
        List<Exchange> cutOff = exchanges.stream()
                .filter(e -> e.kind() == Kind.READ && e.answer().startNanos() < kill && e.answer().endNanos() > kill)
                .toList();
        assertTrue(!cutOff.isEmpty() && cutOff.stream().noneMatch(Exchange::succeeded),
                "reads in flight at the kill failed: " + cutOff.stream().map(e -> e.answer().describe()).toList());

        // the grant of every read cut off is used again: one view at most, whichever attempt redeemed it
        List<Exchange> retries = new ArrayList<>();
        int redeemedAtTheKill = 0;
        for (Exchange failed : cutOff) {
            Exchange again = useAgain(run.traffic, failed);
            retries.add(again);
            if (again.succeeded()) {
                Exchange third = useAgain(run.traffic, failed);
                retries.add(third);
                assertReplayed(third);
            } else {
                assertReplayed(again);
                redeemedAtTheKill++;
            }
        }
        List<Exchange> all = new ArrayList<>(exchanges);
        all.addAll(retries);
        Tally tally = run.settle(all);
        for (Exchange failed : cutOff) {
            assertEquals(1, run.ledger.readsAllowedWith(failed.grantId()),
                    "one WAYBILL_READ of grant " + failed.grantId() + ", whichever attempt redeemed it");
        }
        Duration bound = UPSTREAM_BOUND.plus(MARGIN);
        run.report("waybill-service killed (SIGKILL) with " + cutOff.size() + " reads in flight, then restarted",
                exchanges, retries, tally,
                e -> e.kind() == Kind.READ && List.of(502, 503, 504).contains(e.answer().status())
                        && e.answer().isProblem() && e.answer().took().compareTo(bound) <= 0,
                "first 200 " + seconds(firstRead) + " s after it was back (down " + seconds(run.faultDuration())
                        + " s); the " + cutOff.size() + " grants cut off used again: " + redeemedAtTheKill
                        + " already redeemed (403 grant-replayed), the others read once");
    }

    @Test
    @Order(6)
    void gatewayRestartedUnderLoadKeepsQuotasAndSuspensions() throws Exception {
        String courier = RunningStack.freshToken("courier.wu");
        String suspended = RunningStack.freshToken("courier.zhao");
        String auditor = RunningStack.freshToken("auditor.zhou");
        String device = "courier-wu-fault";
        for (int i = 0; i < 3; i++) {
            ReadPathIT.grant(courier, device, "YT0000000002", "PICKUP").then().statusCode(201);
        }
        String inHand = ReadPathIT.grant(courier, device, "YT0000000002", "PICKUP")
                .then().statusCode(201).extract().path("grant");
        Map<String, Map<String, Object>> quotaBefore = quota(courier);
        Scenario run = Scenario.start("counter-sh-fault-6");
        try {
            given().auth().oauth2(auditor).contentType(ContentType.JSON).body(Map.of("reason", "fault test"))
                    .post("/api/v1/accounts/{sub}/suspend", COURIER_ZHAO).then().statusCode(200);
            run.faultBegins();
            stack().restart("access-gateway");
            run.faultEnds();
            Duration firstGrant = run.traffic.awaitSuccess(Kind.GRANT, run.faultEnd, RECOVERY_LIMIT);
            List<Exchange> exchanges = run.finish();
            Duration outage = failingSpan(exchanges, run.faultStart);

            Response next = ReadPathIT.grant(courier, device, "YT0000000002", "PICKUP");
            next.then().statusCode(201);
            Map<String, Map<String, Object>> quotaAfter = quota(courier);
            assertEquals(remaining(quotaBefore, "day") - 1, remaining(quotaAfter, "day"),
                    "the day's quota goes on where it was: " + quotaBefore + " then " + quotaAfter);
            long tightest = quotaAfter.values().stream().mapToLong(w -> ((Number) w.get("remaining")).longValue())
                    .min().orElseThrow();
            assertEquals(String.valueOf(tightest), next.header("RateLimit-Remaining"));
            ReadPathIT.read(courier, inHand, device, "YT0000000002").then().statusCode(200);
            ReadPathIT.grant(suspended, "courier-zhao-fault", "YT0000000002", "PICKUP")
                    .then().statusCode(403).body("type", endsWith("/account-suspended"));

            Tally tally = run.settle(exchanges);
            run.report("access-gateway restarted (SIGTERM, start) under load", exchanges, tally,
                    e -> !e.answer().answered() && !e.answer().timedOut()
                            || e.answer().status() == 503 && e.answer().isProblem(),
                    "requests failed for " + seconds(outage) + " s (the restart took " + seconds(run.faultDuration())
                            + " s); first 201 " + seconds(firstGrant) + " s after the new gateway was ready; the "
                            + "day's quota and a suspension carried over");
        } finally {
            given().auth().oauth2(auditor).post("/api/v1/accounts/{sub}/reinstate", COURIER_ZHAO)
                    .then().statusCode(200);
        }
    }

    // --- one scenario's run -----------------------------------------------------------------------------------

    /** Fresh waybills, the clients on them, the fault's start and end, and the audit log held against the answers. */
    private static final class Scenario implements AutoCloseable {
        final List<String> waybills;
        final Traffic traffic;
        long faultStart;
        long faultEnd;
        AuditLedger ledger;
        Duration settled;

        private Scenario(List<String> waybills, Traffic traffic) {
            this.waybills = waybills;
            this.traffic = traffic;
        }

        /** Two fresh waybills, and the clients on them until the first read went through. */
        static Scenario start(String device) throws InterruptedException {
            List<String> waybills = IntStream.range(0, 2)
                    .mapToObj(i -> ReadPathIT.createWaybill("HD-YN", "XT-SH", "钱多多", "13912340000", "孙悟空",
                            "13987650000"))
                    .toList();
            Scenario run = new Scenario(waybills, new Traffic(gateway, RunningStack.freshToken("clerk.shahe"),
                    device, waybills, CLIENTS, THINK).start());
            current = run;
            run.traffic.awaitSuccess(Kind.READ, System.nanoTime(), RECOVERY_LIMIT);
            return run;
        }

        void faultBegins() {
            faultStart = System.nanoTime();
        }

        void faultEnds() {
            faultEnd = System.nanoTime();
        }

        Duration faultDuration() {
            return Duration.ofNanos(faultEnd - faultStart);
        }

        List<Exchange> finish() throws InterruptedException {
            return traffic.stop();
        }

        /** Stops the clients, also when the scenario failed before {@link #finish()}. */
        @Override
        public void close() {
            traffic.close();
        }

        /**
         * Waits until the log holds the event of every grant and read that was delivered (bounded), and that the
         * chain verifies; the tally of the last look.
         */
        Tally settle(List<Exchange> exchanges) throws InterruptedException {
            String auditor = RunningStack.freshToken("auditor.zhou");
            long since = faultEnd;
            long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
            Tally tally;
            do {
                ledger = AuditLedger.read(auditor, waybills);
                tally = ledger.tally(exchanges);
                if (tally.lost().isEmpty()) {
                    break;
                }
                Thread.sleep(250);
            } while (System.nanoTime() < deadline);
            settled = Duration.ofNanos(System.nanoTime() - since);
            given().auth().oauth2(auditor).get("/api/v1/audit/verify")
                    .then().statusCode(200).body("valid", equalTo(true)).body("firstBrokenSeq", equalTo(null));
            return tally;
        }

        /**
         * Writes the scenario's row, then asserts: no event lost, none twice, and every non-2xx answer after the fault
         * began of the shape {@code expected} (none before it).
         */
        void report(String scenario, List<Exchange> exchanges, Tally tally, Predicate<Exchange> expected,
                    String recovery) {
            report(scenario, exchanges, List.of(), tally, expected, recovery);
        }

        /** As above, with requests sent after the fault on purpose ({@code followUps}), counted but not judged. */
        void report(String scenario, List<Exchange> exchanges, List<Exchange> followUps, Tally tally,
                    Predicate<Exchange> expected, String recovery) {
            List<Exchange> errors = exchanges.stream().filter(e -> !e.answer().successful()).toList();
            List<Exchange> unexpected = errors.stream()
                    .filter(e -> !(e.answer().endNanos() > faultStart && expected.test(e))).toList();
            ReliabilityTable.add(new ReliabilityTable.Row(scenario, exchanges.size() + followUps.size(),
                    errors.size() - unexpected.size(), unexpected.size(), tally.lost().size(), tally.duplicates(),
                    tally.recordedNotDelivered(), recovery));
            System.out.println("[reliability] answers: " + exchanges.stream()
                    .collect(Collectors.groupingBy(e -> e.kind() + " " + statusOf(e.answer()), Collectors.counting())));
            if (!unexpected.isEmpty()) {
                printServiceErrors();
            }
            assertEquals(List.of(), tally.lost().stream().limit(5).toList(), tally.lost().size() + " events lost");
            assertEquals(0, tally.duplicates(), "events in the log twice");
            assertEquals(List.of(), unexpected.stream().limit(5).map(e -> e.kind() + " " + e.answer().describe()
                    + " " + e.answer().body()).toList(), unexpected.size() + " unexpected errors");
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static LocalStack stack() {
        return RunningStack.stack();
    }

    /** While audit-service was away, the clients went on reading, and nothing failed. */
    private static void assertReadsWentOn(List<Exchange> exchanges, Scenario run) {
        assertTrue(exchanges.stream().anyMatch(e -> e.kind() == Kind.READ && e.succeeded()
                        && e.startedAfter(run.faultStart) && e.answer().endNanos() < run.faultEnd),
                "reads were answered while audit-service was away");
    }

    /** From the first failed request since {@code since} was sent to the last one's answer. */
    private static Duration failingSpan(List<Exchange> exchanges, long since) {
        List<Answer> failed = exchanges.stream().map(Exchange::answer)
                .filter(a -> !a.successful() && a.endNanos() > since).toList();
        return failed.isEmpty() ? Duration.ZERO : Duration.ofNanos(
                failed.stream().mapToLong(Answer::endNanos).max().orElseThrow()
                        - failed.stream().mapToLong(Answer::startNanos).min().orElseThrow());
    }

    /** The services' logged errors, the evidence behind an unexpected answer (the logs go on across restarts). */
    private static void printServiceErrors() {
        for (String service : List.of("access-gateway", "waybill-service", "audit-service")) {
            Path log = RunningStack.config().dataDir().resolve("logs/" + service + ".log");
            try (Stream<String> lines = Files.lines(log)) {
                List<String> errors = lines.filter(line -> line.contains("\"level\":\"ERROR\"")
                        || line.contains(" ERROR ")).toList();
                errors.stream().skip(Math.max(0, errors.size() - 10))
                        .forEach(line -> System.out.println("[reliability] " + service + ": " + line));
            } catch (IOException | UncheckedIOException e) {
                System.out.println("[reliability] cannot read " + log + ": " + e);
            }
        }
    }

    private static void assertReplayed(Exchange exchange) {
        Answer answer = exchange.answer();
        assertTrue(answer.status() == 403 && "grant-replayed".equals(answer.problemType()),
                "a grant used again is refused as replayed: " + answer.describe());
    }

    /**
     * Uses a cut-off read's grant again once waybill-service is back, until it gets past the gateway's breaker
     * (an open breaker's 503 never reaches waybill-service and spends nothing).
     */
    private static Exchange useAgain(Traffic traffic, Exchange failed) throws InterruptedException {
        Exchange again = traffic.read(failed.waybillNo(), failed.grant());
        for (int i = 0; i < 20 && again.answer().status() == 503; i++) {
            Thread.sleep(500);
            again = traffic.read(failed.waybillNo(), failed.grant());
        }
        return again;
    }

    /** Waits (bounded) until at least one client's read is on its way, so that the kill cuts requests off. */
    private static void awaitReadsInFlight(Traffic traffic) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (traffic.readsInFlight() < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no read in flight within 30 s");
            }
            Thread.sleep(1);
        }
    }

    /** Polls a service's readiness until it answers {@code status} with {@code state}; returns how long it took. */
    private static Duration awaitReadiness(String service, int status, String state) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack().managementPort(service)
                + "/q/health/ready")).timeout(Duration.ofSeconds(5)).GET().build();
        long start = System.nanoTime();
        long deadline = start + RECOVERY_LIMIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = http.send(probe, HttpResponse.BodyHandlers.ofString());
                last = answer.statusCode() + " " + answer.body();
                if (answer.statusCode() == status
                        && Pattern.compile("\"status\"\\s*:\\s*\"" + state + "\"").matcher(answer.body()).find()) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError(service + " readiness not " + state + " within " + RECOVERY_LIMIT.toSeconds()
                + " s: " + last);
    }

    /** The caller's quota windows ({@code GET /api/v1/quota}), by window name. */
    private static Map<String, Map<String, Object>> quota(String token) {
        List<Map<String, Object>> windows = given().auth().oauth2(token).get("/api/v1/quota")
                .then().statusCode(200).extract().jsonPath().getList("windows");
        return windows.stream().collect(Collectors.toMap(w -> (String) w.get("window"), w -> w));
    }

    private static long remaining(Map<String, Map<String, Object>> windows, String window) {
        return ((Number) windows.get(window).get("remaining")).longValue();
    }

    private static String statusOf(Answer answer) {
        return answer.answered() ? String.valueOf(answer.status()) : "no answer";
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toMillis() / 1000.0);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
