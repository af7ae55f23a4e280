package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.support.GrantBuilder;
import com.waybillguard.waybill.support.TestWaybills;
import com.waybillguard.waybill.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * Health, metrics and the OpenAPI document are served on the management interface (its own port, 9081
 * by default, random in tests), and never on the public port.
 */
@QuarkusTest
class ManagementInterfaceTest {

    private static final String PROBLEMS = "https://waybill-guard.example/problems/";

    // the management interface's base URL already ends in /q
    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    @Test
    void readinessChecksPostgresAndRedis() {
        given().when().get(ready).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(containsString("Redis"), containsString("PostgreSQL")))
                .body("checks.status", hasItems("UP"));
        given().when().get(live).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsCountReadsByView() {
        String no = TestWaybills.create("IN_TRANSIT", "HD-YN", "HD-JZ", "C-1001", "C-1002");
        String sub = "sub-clerk-metrics";
        String device = "device-metrics-1";
        given().auth().oauth2(Tokens.access(sub, "clerk.metrics", "clerk", "HD-JZ", null))
                .header("X-Device-Id", device)
                .header("X-Access-Grant", GrantBuilder.grant(sub, "clerk", no, "COUNTER_INQUIRY", device)
                        .outlet("HD-JZ").sign())
                .when().get("/api/v1/waybills/" + no)
                .then().statusCode(200);
        given().when().get(metrics).then().statusCode(200)
                .body(containsString("wg_waybill_reads_total{view=\"COUNTER_INQUIRY\"}"))
                .body(containsString("wg_audit_append_failures_total"));
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        given().queryParam("format", "json").when().get(openapi).then().statusCode(200)
                .body("info.title", equalTo("waybill-service"))
                .body("paths.keySet()", hasItems("/api/v1/waybills/{waybillNo}", "/api/v1/admin/waybills",
                        "/api/v1/admin/waybills/{waybillNo}/status", "/api/v1/admin/waybills/{waybillNo}/assignment"));
    }

    @Test
    void operationsEndpointsAreNotOnThePublicPort() {
        for (String path : List.of("/q/health/ready", "/q/health/live", "/q/health", "/q/metrics", "/q/openapi")) {
            given().when().get(path).then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "not-found"))
                    .body("status", equalTo(404));
        }
        given().when().get("/api/v1/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "not-found"));
    }
}
