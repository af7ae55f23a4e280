package com.waybillguard.audit.rest;

import com.waybillguard.audit.AuditTestSupport;
import com.waybillguard.testsupport.PostgresRedisResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.waybillguard.audit.AuditTestSupport.auditor;
import static com.waybillguard.audit.AuditTestSupport.token;
import static com.waybillguard.audit.AuditTestSupport.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Nobody suspends or reinstates their own account; reinstatement gives a fresh start (no detection state left). */
@QuarkusTest
@WithTestResource(value = PostgresRedisResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
@WithTestResource(OidcWiremockTestResource.class)
class AccountSuspensionTest {

    @Inject
    RedisDataSource redis;

    private List<String> streamEventsSince(String id) {
        return redis.stream(String.class).xrange(AuditTestSupport.STREAM, StreamRange.of("(" + id, "+")).stream()
                .map(StreamMessage::payload).map(p -> p.get("event")).toList();
    }

    private String lastStreamId() {
        var last = redis.stream(String.class).xrevrange(AuditTestSupport.STREAM, StreamRange.of("+", "-"), 1);
        return last.isEmpty() ? "0-0" : last.get(0).id();
    }

    @Test
    void nobodySuspendsOrReinstatesTheirOwnAccount() {
        String sub = unique("sub-auditor-self");
        String self = token(sub, "auditor.self", "auditor");
        String key = "{wg}:account:suspended:" + sub;
        String before = lastStreamId();
        for (String action : List.of("suspend", "reinstate")) {
            given().auth().oauth2(self).contentType(ContentType.JSON).body("{\"reason\":\"myself\"}")
                    .when().post("/api/v1/accounts/" + sub + "/" + action)
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("https://waybill-guard.example/problems/forbidden"))
                    .body("detail", equalTo("An account cannot " + action + " itself; another auditor must do it."));
        }
        assertNull(redis.value(String.class).get(key), "not suspended");
        assertFalse(streamEventsSince(before).stream().anyMatch(e -> e.contains(sub)), "no event about the account");

        // suspended by someone else, still not reinstated by itself
        given().auth().oauth2(auditor()).when().post("/api/v1/accounts/" + sub + "/suspend").then().statusCode(200);
        given().auth().oauth2(self).when().post("/api/v1/accounts/" + sub + "/reinstate").then().statusCode(403);
        given().auth().oauth2(auditor()).when().post("/api/v1/accounts/" + sub + "/reinstate").then().statusCode(200);
        assertNull(redis.value(String.class).get(key));
    }

    @Test
    void reinstatementDeletesTheAccountsDetectionStateAndNothingElse() {
        String sub = unique("sub-fresh") + "*";
        String neighbour = sub.substring(0, sub.length() - 1) + "x";
        // the names docs/internals.md gives: this service's windows of reads and the gateway's of grant requests
        List<String> own = List.of("{wg}:detect:" + sub + ":scope-probing:reads",
                "{wg}:detect:" + sub + ":scope-probing:reads:alerted", "{wg}:detect:" + sub + ":volume:reads",
                "{wg}:detect:" + sub + ":enumeration:times", "{wg}:detect:" + sub + ":enumeration:numbers",
                "{wg}:detect:" + sub + ":shared-account:devices", "{wg}:detect:" + sub + ":volume:alerted",
                "{wg}:detect:" + sub + ":enumeration:linked");
        List<String> others = List.of("{wg}:detect:" + neighbour + ":volume:reads", "{wg}:detect:sub-other:volume:grants",
                "{wg}:account:suspended:" + neighbour);
        for (String k : own) {
            redis.sortedSet(String.class).zadd(k, 1, "e-1");
        }
        for (String k : others) {
            redis.value(String.class).set(k, "kept");
        }
        given().auth().oauth2(auditor()).when().post("/api/v1/accounts/" + sub + "/suspend").then().statusCode(200);
        given().auth().oauth2(auditor()).when().post("/api/v1/accounts/" + sub + "/reinstate")
                .then().statusCode(200).body("suspended", equalTo(false)).body("sub", containsString(sub));
        for (String k : own) {
            assertEquals(0, redis.key().exists(k) ? 1 : 0, k + " deleted");
        }
        for (String k : others) {
            assertEquals("kept", redis.value(String.class).get(k), k + " kept");
        }
        redis.key().del(others.toArray(String[]::new));
    }
}
