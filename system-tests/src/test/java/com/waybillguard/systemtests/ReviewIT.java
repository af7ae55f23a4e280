package com.waybillguard.systemtests;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both consoles at once, in two real browsers, as the issue tells it: a clerk reads a parcel (a canary, so an alert
 * is raised; the functional stack runs the rules in shadow mode), an auditor signs in, finds that read in the
 * trail, sees the alert and resolves it with a comment, looks at the clerk's timeline, suspends the clerk, and the
 * clerk's next lookup shows the suspension. A clerk whose quota is used up is told how long to wait.
 */
@ExtendWith(RunningStack.class)
class ReviewIT {

    private static final String CLERK_JZ = "00000002-0000-4000-8000-000000000002";
    private static final String CLERK_YN = "00000001-0000-4000-8000-000000000001";

    @Test
    void anAuditorFindsTheReadResolvesTheAlertAndSuspendsTheClerk() {
        String canary = canaryFor("HD-JZ");
        try (Browser clerk = Browser.open(1000); Browser auditor = Browser.open(1280)) {
            clerk.get(RunningStack.config().gatewayUrl() + "/");
            clerk.signIn("clerk.jize", "demo");
            lookUp(clerk, canary, "COUNTER_INQUIRY");
            clerk.await(By.id("view"));
            String everything = clerk.driver().getPageSource();
            for (String full : List.of("王小明", "赵大海", "13912345678", "13812345678", "建设路1号", "府前街2号")) {
                assertFalse(everything.contains(full), "the page carries no unmasked value: " + full);
            }

            long signed = given().auth().oauth2(RunningStack.token("auditor.qian")).post("/api/v1/audit/checkpoints")
                    .then().statusCode(201).extract().jsonPath().getLong("seq");
            auditor.get(RunningStack.config().gatewayUrl() + "/");
            auditor.signIn("auditor.zhou", "demo");
            assertThat(auditor.await(By.id("chain")).getAttribute("class"), equalTo("ok"));
            assertThat(auditor.driver().getCurrentUrl(), startsWith(RunningStack.config().gatewayUrl() + "/review/"));
            assertThat("the newest signed checkpoint", auditor.await(By.id("checkpoint")).getText(),
                    containsString(Long.toString(signed)));

            // the canary read's alert reaches the open alerts within a second or two
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                auditor.get(RunningStack.config().gatewayUrl() + "/review/");
                return auditor.driver().findElements(By.cssSelector("article.alert")).stream()
                        .anyMatch(a -> a.getText().contains("HONEYTOKEN") && a.getText().contains("clerk.jize"));
            });

            // each console is for its roles only
            clerk.get(RunningStack.config().gatewayUrl() + "/review/");
            assertThat(clerk.driver().getPageSource(), containsString("\"status\":403"));
            auditor.get(RunningStack.config().gatewayUrl() + "/console/");
            assertThat(auditor.driver().getPageSource(), containsString("\"status\":403"));
            clerk.get(RunningStack.config().gatewayUrl() + "/console/");
            auditor.get(RunningStack.config().gatewayUrl() + "/review/");

            // the read is in the trail
            auditor.await(By.id("s-actor")).sendKeys("clerk.jize");
            auditor.driver().findElement(By.id("s-waybill")).sendKeys(canary);
            new Select(auditor.driver().findElement(By.id("s-action"))).selectByValue("WAYBILL_READ");
            auditor.driver().findElement(By.id("search")).click();
            List<WebElement> rows = auditor.await(By.id("events")).findElements(By.cssSelector("tbody tr"));
            assertThat(rows, hasSize(1));
            assertThat(rows.get(0).getText(), containsString(canary));
            assertThat(rows.get(0).getText(), containsString("COUNTER_INQUIRY"));
            auditor.screenshot("review-console-search");

            // the alert, resolved with a comment
            auditor.get(RunningStack.config().gatewayUrl() + "/review/");
            auditor.screenshot("review-console");
            WebElement alert = auditor.driver().findElements(By.cssSelector("article.alert")).stream()
                    .filter(a -> a.getText().contains("HONEYTOKEN") && a.getText().contains("clerk.jize"))
                    .findFirst().orElseThrow();
            alert.findElement(By.name("comment")).sendKeys("canary read checked with the outlet manager");
            alert.findElement(By.cssSelector("button.resolve")).click();
            auditor.await(By.id("message"));
            assertFalse(auditor.driver().findElements(By.cssSelector("article.alert")).stream()
                    .anyMatch(a -> a.getText().contains("HONEYTOKEN") && a.getText().contains("clerk.jize")));

            // the clerk's timeline with the reads per hour, in English this time
            auditor.await(By.id("language")).click();
            assertThat(auditor.await(By.tagName("h1")).getText(), equalTo("Audit review"));
            auditor.await(By.id("t-actor")).sendKeys("clerk.jize");
            auditor.driver().findElement(By.id("show-timeline")).click();
            assertThat(auditor.await(By.cssSelector("figure.chart")).findElements(By.tagName("rect")), hasSize(24));
            assertFalse(auditor.driver().findElements(By.cssSelector("#events tbody tr")).isEmpty());
            auditor.screenshot("review-console-timeline-en");

            // who saw the canary, for what
            auditor.await(By.id("h-waybill")).sendKeys(canary);
            auditor.driver().findElement(By.id("show-history")).click();
            assertTrue(auditor.await(By.id("events")).findElements(By.cssSelector("tbody tr")).stream()
                    .anyMatch(r -> r.getText().contains("WAYBILL_READ") && r.getText().contains("clerk.jize")
                            && r.getText().contains("COUNTER_INQUIRY")), "the clerk's read in the parcel's history");

            // suspended: the clerk's next lookup says so
            try {
                auditor.get(RunningStack.config().gatewayUrl() + "/review/");
                // by name: the console finds the account in the trail
                auditor.await(By.id("a-sub")).sendKeys("clerk.jize");
                auditor.driver().findElement(By.id("a-reason")).sendKeys("rented account suspected");
                auditor.driver().findElement(By.id("suspend")).click();
                assertThat(auditor.await(By.id("message")).getText(), containsString("clerk.jize"));

                lookUp(clerk, "YT0000000001", "COUNTER_INQUIRY");
                assertTrue(clerk.driver().findElements(By.id("view")).isEmpty(), "nothing is shown");
                assertThat(clerk.await(By.id("error")).getText(), containsString("停用"));
                clerk.screenshot("clerk-console-suspended");

                // reinstated from the console: the clerk works again
                WebElement suspendedMessage = auditor.driver().findElement(By.id("message"));
                auditor.await(By.id("a-sub")).sendKeys("clerk.jize");
                auditor.driver().findElement(By.id("reinstate")).click();
                new WebDriverWait(auditor.driver(), Duration.ofSeconds(20))
                        .until(ExpectedConditions.stalenessOf(suspendedMessage));
                assertThat(auditor.await(By.id("message")).getText(), containsString("clerk.jize"));
                lookUp(clerk, "YT0000000001", "COUNTER_INQUIRY");
                clerk.await(By.id("view"));
            } finally {
                // whatever happened above, the clerk works again for the next tests
                given().auth().oauth2(RunningStack.token("auditor.qian")).contentType(ContentType.JSON)
                        .body(Map.of("reason", "scenario over"))
                        .post("/api/v1/accounts/{sub}/reinstate", CLERK_JZ).then().statusCode(200);
            }
        }
    }

    @Test
    void aUsedUpQuotaSaysHowLongToWait() {
        given().auth().oauth2(RunningStack.token("admin")).contentType(ContentType.JSON)
                .body(Map.of("perMinute", 1, "perHour", 100, "perDay", 1000))
                .put("/api/v1/admin/quotas/accounts/{sub}", CLERK_YN).then().statusCode(200);
        try (Browser clerk = Browser.open(1000)) {
            clerk.get(RunningStack.config().gatewayUrl() + "/console/");
            clerk.signIn("clerk.yongnian", "demo");
            // one lookup a minute: the first (unless this minute's was spent already) shows the view, the next is refused
            for (int i = 0; i < 2 && clerk.driver().findElements(By.id("error")).isEmpty(); i++) {
                lookUp(clerk, "YT0000000001", "COUNTER_INQUIRY");
                clerk.await(By.cssSelector("#view, #error"));
            }
            String error = clerk.await(By.id("error")).getText();
            assertTrue(error.matches("(?s).*\\d+ 秒.*"), "the wait in seconds: " + error);
            assertTrue(clerk.driver().findElements(By.id("view")).isEmpty());
            assertEquals("0", clerk.driver().findElements(By.cssSelector("#quota strong")).get(0).getText(),
                    "nothing left this minute");
        } finally {
            given().auth().oauth2(RunningStack.token("admin"))
                    .delete("/api/v1/admin/quotas/accounts/{sub}", CLERK_YN).then().statusCode(204);
        }
    }

    private static void lookUp(Browser browser, String waybillNo, String purpose) {
        WebElement number = browser.await(By.id("waybillNo"));
        number.clear();
        number.sendKeys(waybillNo);
        new Select(browser.driver().findElement(By.id("purpose"))).selectByValue(purpose);
        browser.driver().findElement(By.id("look-up")).click();
    }

    /** A canary from HD-YN to {@code destination}: it answers like any parcel, and its first read raises HONEYTOKEN. */
    private static String canaryFor(String destination) {
        Map<String, Object> body = new HashMap<>();
        body.put("originOutletId", "HD-YN");
        body.put("destinationOutletId", destination);
        body.put("weightGrams", 800);
        body.put("itemCategory", "DOCUMENTS");
        body.put("canary", true);
        body.put("sender", ReadPathIT.party("王小明", "13912345678", "河北省", "邯郸市", "永年区", "建设路1号"));
        body.put("receiver", ReadPathIT.party("赵大海", "13812345678", "河北省", "邯郸市", "鸡泽县", "府前街2号"));
        return given().auth().oauth2(RunningStack.token("admin")).contentType(ContentType.JSON).body(body)
                .post("/api/v1/admin/waybills").then().statusCode(201).extract().path("waybillNo");
    }
}
