package com.waybillguard.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a browser without a session gets from the consoles: the sign-in redirect of the authorization code flow
 * with PKCE (S256) of the console client, already under the consoles' security headers; and the API is not
 * affected (a bearer-less API call is still a 401 problem, never a redirect).
 */
@QuarkusTest
class ConsoleSecurityTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/console/", "/review/"})
    void aBrowserWithoutSessionIsSentToSignInWithPkce(String path) {
        Response response = given().redirects().follow(false).get(path);
        assertEquals(302, response.statusCode());
        String location = response.header("Location");
        assertThat(location, containsString("response_type=code"));
        assertThat(location, containsString("code_challenge_method=S256"));
        assertThat(location, containsString("client_id=wg-console"));
        assertThat(response.header("Content-Security-Policy"), containsString("default-src 'none'"));
        assertThat(response.header("Content-Security-Policy"), containsString("frame-ancestors 'none'"));
        assertThat(response.header("Content-Security-Policy"), not(containsString("unsafe-inline")));
        assertThat(response.header("X-Frame-Options"), equalTo("DENY"));
        assertThat(response.header("X-Content-Type-Options"), equalTo("nosniff"));
        assertThat(response.header("Referrer-Policy"), equalTo("same-origin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/lookup", "/review/accounts", "/review/alerts/resolve"})
    void aFormPostWithoutSessionIsSentToSignIn(String path) {
        Response response = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("waybillNo", "YT0000000001").formParam("sub", "someone").formParam("action", "suspend")
                .post(path);
        assertEquals(302, response.statusCode(), "sent to sign in before any resource runs");
        assertThat(response.header("Location"), containsString("response_type=code"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/quota", "/api/v1/audit/events"})
    void theApiStillAnswersProblemsNotRedirects(String path) {
        given().redirects().follow(false).get(path)
                .then().statusCode(401).contentType("application/problem+json");
    }

    private static void assertThat(String actual, org.hamcrest.Matcher<? super String> matcher) {
        org.hamcrest.MatcherAssert.assertThat(actual, matcher);
    }
}
