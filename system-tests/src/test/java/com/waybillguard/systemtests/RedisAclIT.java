package com.waybillguard.systemtests;

import com.waybillguard.stack.RedisUsers;
import com.waybillguard.testsupport.RespClient;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.startsWith;

/**
 * The stack's Redis as an insider holding one service's credentials (the password from its configuration) would
 * use it with {@code redis-cli}: every command that would rewrite what another service relies on is refused by
 * the ACL, directly and through a script, and a suspension survives the attempts. Without credentials nothing
 * runs at all.
 */
@ExtendWith(RunningStack.class)
class RedisAclIT {

    private static final String COURIER_ZHAO = "00000004-0000-4000-8000-000000000004";
    private static final String STREAM = "{wg}:audit:events";

    @Test
    void withoutCredentialsNothingRuns() {
        String url = RunningStack.stack().redisUrl(RedisUsers.OPERATOR).replaceFirst("//[^@]+@", "//");
        try (RespClient anonymous = RespClient.connect(url)) {
            assertRefused(anonymous.call("PING"), "NOAUTH");
            assertRefused(anonymous.call("AUTH", "default", ""), "WRONGPASS");
            assertRefused(anonymous.call("AUTH", "access-gateway", "guessed"), "WRONGPASS");
        }
    }

    /** One row per attack: the service whose credentials are used, then the command as typed. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            // lift a suspension, a quota ceiling or a detection window
            "waybill-service | DEL {wg}:account:suspended:" + COURIER_ZHAO,
            "waybill-service | UNLINK {wg}:account:suspended:" + COURIER_ZHAO,
            "waybill-service | EXPIRE {wg}:account:suspended:" + COURIER_ZHAO + " 1",
            "waybill-service | RENAME {wg}:account:suspended:" + COURIER_ZHAO + " x",
            "waybill-service | HSET {wg}:quota:override:" + COURIER_ZHAO + " perDay 99999",
            "waybill-service | SET {wg}:quota:m:" + COURIER_ZHAO + " 0",
            "waybill-service | DEL {wg}:detect:" + COURIER_ZHAO + ":volume:reads",
            "access-gateway | DEL {wg}:account:suspended:" + COURIER_ZHAO,
            "access-gateway | DEL {wg}:quota:override:" + COURIER_ZHAO,
            "access-gateway | SET {wg}:grant:jti:any " + COURIER_ZHAO,
            "audit-service | HSET {wg}:quota:override:" + COURIER_ZHAO + " perDay 99999",
            "audit-service | SET {wg}:grant:jti:any " + COURIER_ZHAO,
            "audit-service | INCR {wg}:quota:m:" + COURIER_ZHAO,
            // make events vanish before audit-service stores them, or read them
            "waybill-service | XDEL " + STREAM + " 0-1",
            "waybill-service | XTRIM " + STREAM + " MAXLEN 0",
            "waybill-service | DEL " + STREAM,
            "waybill-service | XRANGE " + STREAM + " - +",
            "waybill-service | XGROUP DESTROY " + STREAM + " audit-service",
            "access-gateway | XDEL " + STREAM + " 0-1",
            "access-gateway | XTRIM " + STREAM + " MAXLEN 0",
            "access-gateway | XRANGE " + STREAM + " - +",
            "access-gateway | XACK " + STREAM + " audit-service 0-1",
            "audit-service | XGROUP DESTROY " + STREAM + " audit-service",
            "audit-service | XDEL " + STREAM + " 0-1",
            // take the server over, look around, or silence it
            "waybill-service | FLUSHALL",
            "access-gateway | FLUSHDB",
            "audit-service | FLUSHALL",
            "waybill-service | KEYS *",
            "access-gateway | SCAN 0",
            "audit-service | CONFIG SET appendonly no",
            "access-gateway | CONFIG GET requirepass",
            "waybill-service | ACL SETUSER waybill-service +@all ~*",
            "audit-service | ACL LIST",
            "access-gateway | MONITOR",
            "waybill-service | CLIENT LIST",
            "audit-service | SHUTDOWN NOSAVE",
            // WAIT is for the services whose answers wait for replicas (wg.audit.replica-acks): not audit-service's
            "audit-service | WAIT 0 0",
            "waybill-service | SCRIPT FLUSH",
            "access-gateway | DEBUG SLEEP 10",
    })
    void aServiceCannotRunAnotherServicesCommands(String service, String command) {
        try (RespClient insider = RespClient.connect(RunningStack.stack().redisUrl(service))) {
            assertRefused(insider.call(command.split(" ")), "NOPERM");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"waybill-service", "access-gateway"})
    void aScriptCannotReachFurtherThanItsUser(String service) {
        try (RespClient insider = RespClient.connect(RunningStack.stack().redisUrl(service))) {
            Object reply = insider.call("EVAL", "return redis.call('DEL', KEYS[1])", "1",
                    "{wg}:account:suspended:" + COURIER_ZHAO);
            assertRefused(reply, "ERR Error running script");
            assertThat(((RespClient.Error) reply).message(), containsString("can't run this command"));
            assertRefused(insider.call("EVAL", "return redis.call('XTRIM', KEYS[1], 'MAXLEN', '0')", "1", STREAM),
                    "ERR Error running script");
        }
    }

    @Test
    void aSuspensionSurvivesTheOtherServicesCredentials() {
        String auditor = RunningStack.token("auditor.zhou");
        String courier = RunningStack.token("courier.zhao");
        given().auth().oauth2(auditor).contentType(ContentType.JSON)
                .body(Map.of("reason", "rented account suspected"))
                .post("/api/v1/accounts/{sub}/suspend", COURIER_ZHAO)
                .then().statusCode(200);
        try {
            String marker = "{wg}:account:suspended:" + COURIER_ZHAO;
            List<Object> attempts = new ArrayList<>();
            for (String service : List.of("waybill-service", "access-gateway")) {
                try (RespClient insider = RespClient.connect(RunningStack.stack().redisUrl(service))) {
                    attempts.add(insider.call("DEL", marker));
                    attempts.add(insider.call("UNLINK", marker));
                    attempts.add(insider.call("EVAL", "return redis.call('DEL', KEYS[1])", "1", marker));
                }
            }
            attempts.forEach(reply -> assertThat(reply, instanceOf(RespClient.Error.class)));
            try (RespClient operator = RespClient.connect(RunningStack.stack().redisUrl(RedisUsers.OPERATOR))) {
                assertThat(operator.call("EXISTS", marker), equalTo(1L));
            }
            ReadPathIT.grant(courier, "courier-zhao-phone", "YT0000000002", "PICKUP")
                    .then().statusCode(403).body("type", endsWith("/account-suspended"));
        } finally {
            given().auth().oauth2(auditor).post("/api/v1/accounts/{sub}/reinstate", COURIER_ZHAO)
                    .then().statusCode(200);
        }
    }

    @Test
    void eachServiceStillRunsWhatItNeeds() {
        for (String service : RedisUsers.services()) {
            try (RespClient own = RespClient.connect(RunningStack.stack().redisUrl(service))) {
                assertThat(service, own.call("PING"), equalTo("PONG"));
                assertThat(service, own.call("EXISTS", "{wg}:account:suspended:" + COURIER_ZHAO),
                        instanceOf(Long.class));
                if (!service.equals("audit-service")) {
                    // WAIT after a grant's or a read's script (wg.audit.replica-acks); no replica here: 0 at once
                    assertThat(service, own.call("WAIT", "0", "0"), equalTo(0L));
                }
            }
        }
    }

    private static void assertRefused(Object reply, String prefix) {
        assertThat(reply, instanceOf(RespClient.Error.class));
        assertThat(((RespClient.Error) reply).message(), startsWith(prefix));
    }
}
