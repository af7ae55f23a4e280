package com.waybillguard.systemtests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clerk console in a real browser against the local stack and its Keycloak: a clerk signs in (authorization code
 * flow with PKCE), looks up a waybill and sees it masked, watermarked and marked as masked; a malformed number is
 * explained before anything is sent; signing out ends at the sign-in page.
 */
@ExtendWith(RunningStack.class)
class ConsoleIT {

    private static final String WAYBILL = "YT0000000001";

    @Test
    void aClerkSignsInLooksUpAWaybillAndSeesItMasked() {
        try (Browser browser = Browser.open(1100)) {
            browser.get(RunningStack.config().gatewayUrl() + "/");
            browser.signIn("clerk.jize", "demo");
            assertThat(browser.await(By.id("account")).getText(), equalTo("clerk.jize"));
            assertThat(browser.driver().getCurrentUrl(), startsWith(RunningStack.config().gatewayUrl() + "/console/"));

            browser.await(By.id("waybillNo")).sendKeys(WAYBILL);
            new Select(browser.driver().findElement(By.id("purpose"))).selectByValue("COUNTER_INQUIRY");
            browser.driver().findElement(By.id("look-up")).click();

            WebElement view = browser.await(By.id("view"));
            assertThat(browser.await(By.id("view-number")).getText(), equalTo(WAYBILL));
            List<WebElement> masked = view.findElements(By.cssSelector("dd.masked"));
            assertFalse(masked.isEmpty(), "names and phones are shown masked");
            for (WebElement field : masked) {
                assertThat(field.getText(), containsString("*"));
            }
            assertFalse(view.findElements(By.cssSelector("dd.hidden")).isEmpty(), "the street address is hidden");
            assertThat("no full phone number anywhere", view.getText(), not(matchesPattern("(?s).*\\d{11}.*")));
            assertTrue(view.findElement(By.cssSelector("svg.watermark text")).getAttribute("textContent")
                    .contains("clerk.jize · HD-JZ"), "the watermark names the account and outlet");
            assertThat(browser.driver().getCurrentUrl(), not(containsString(WAYBILL)));
            assertThat(new Select(browser.driver().findElement(By.id("purpose"))).getFirstSelectedOption()
                    .getAttribute("value"), equalTo("COUNTER_INQUIRY"));
            browser.screenshot("clerk-console");

            browser.await(By.id("sign-out")).click();
            browser.await(By.id("username"));
            assertThat(browser.driver().getCurrentUrl(), containsString("/protocol/openid-connect/"));
        }
    }

    @Test
    void aLookupFromTheKeyboardLeavesNothingBehind() {
        try (Browser browser = Browser.open(1000)) {
            browser.get(RunningStack.config().gatewayUrl() + "/console/");
            browser.signIn("clerk.jize", "demo");
            browser.await(By.id("waybillNo"));
            // the number field has the focus; Tab to the purpose, one down, Tab to the button, Enter
            browser.driver().switchTo().activeElement().sendKeys(WAYBILL, Keys.TAB);
            browser.driver().switchTo().activeElement().sendKeys(Keys.ARROW_DOWN, Keys.TAB);
            browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
            assertThat(browser.await(By.id("view-number")).getText(), equalTo(WAYBILL));

            Object stored = browser.driver().executeScript(
                    "return localStorage.length + sessionStorage.length + document.cookie.length");
            assertEquals(0L, stored, "no web storage, and every cookie is HttpOnly");
            assertThat("the lookup left no URL of its own", browser.driver().getCurrentUrl(),
                    equalTo(RunningStack.config().gatewayUrl() + "/console/"));

            // the view clears itself after its lifetime (15 s on the test stack)
            new WebDriverWait(browser.driver(), Duration.ofSeconds(40))
                    .until(ExpectedConditions.invisibilityOfElementLocated(By.id("view")));
            assertTrue(browser.await(By.id("cleared")).isDisplayed());

            // and is not there when the clerk comes back to the page
            browser.await(By.id("language")).click();
            assertThat(browser.await(By.id("look-up")).getText(), equalTo("Look up"));
            browser.driver().navigate().back();
            assertTrue(browser.driver().findElements(By.id("view")).isEmpty(), "going back shows no view");

            // a form whose CSRF token is forged, or missing, is refused and reads nothing
            for (String tamper : List.of("document.querySelector('form.lookup input[name=csrf]').value = 'forged'",
                    "document.querySelector('form.lookup input[name=csrf]').remove()")) {
                browser.get(RunningStack.config().gatewayUrl() + "/console/");
                browser.await(By.id("waybillNo")).sendKeys(WAYBILL);
                browser.driver().executeScript(tamper);
                browser.driver().findElement(By.id("look-up")).click();
                new WebDriverWait(browser.driver(), Duration.ofSeconds(20))
                        .until(d -> d.getPageSource().contains("\"status\":403"));
                assertTrue(browser.driver().findElements(By.id("view")).isEmpty());
            }
        }
    }

    @Test
    void aCourierIsToldWhenAParcelIsNotTheirs() {
        try (Browser browser = Browser.open(400)) {
            browser.get(RunningStack.config().gatewayUrl() + "/");
            browser.signIn("courier.zhao", "demo");
            browser.await(By.id("waybillNo")).sendKeys(WAYBILL);
            new Select(browser.driver().findElement(By.id("purpose"))).selectByValue("PICKUP");
            browser.driver().findElement(By.id("look-up")).click();
            assertThat(browser.await(By.id("error")).getText(), containsString("业务范围"));
            assertTrue(browser.driver().findElements(By.id("view")).isEmpty());
            browser.screenshot("clerk-console-phone-out-of-scope");
        }
    }

    @Test
    void aMalformedNumberIsExplainedBeforeAnythingIsSent() {
        try (Browser browser = Browser.open(400)) {
            browser.get(RunningStack.config().gatewayUrl() + "/console/");
            browser.signIn("clerk.jize", "demo");
            WebElement number = browser.await(By.id("waybillNo"));
            number.sendKeys("yt12");
            browser.driver().findElement(By.id("look-up")).click();
            assertFalse((Boolean) browser.driver().executeScript("return arguments[0].checkValidity()", number),
                    "the browser refuses the form");
            assertTrue(browser.driver().findElements(By.id("view")).isEmpty());
            assertThat(browser.driver().getCurrentUrl(), startsWith(RunningStack.config().gatewayUrl() + "/console/"));
        }
    }
}
