package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.NewCookie;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * CSRF protection of every form of the consoles: a random token in a cookie ({@code HttpOnly}, {@code SameSite=Strict})
 * and the same token in a hidden field of each form (double submit); a post whose field does not match its cookie,
 * or whose {@code Origin} is another site, is refused before anything happens. The API is not concerned: it takes
 * bearer tokens, which a browser never sends by itself.
 */
final class ConsoleForms {

    static final String COOKIE = "wg-csrf";
    static final String FIELD = "csrf";

    private static final int TOKEN_BYTES = 32;
    private static final int TOKEN_LENGTH = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[TOKEN_BYTES]).length();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsoleForms() {
    }

    /** The token of this browser: the cookie's when it is well formed, else a new one. */
    static String token(String cookie) {
        if (wellFormed(cookie)) {
            return cookie;
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static NewCookie cookie(String token) {
        return new NewCookie.Builder(COOKIE).value(token).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** Refuses a form post that does not carry this browser's token, or that comes from another site. */
    static void verify(String cookie, String field, HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "A console form may only be sent from the console.");
        }
        if (!wellFormed(cookie) || field == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII),
                field.getBytes(StandardCharsets.US_ASCII))) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "The form has expired or was not sent from the console; open the console again.");
        }
    }

    private static boolean sameOrigin(String origin, HttpServerRequest request) {
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            return host != null && host.equalsIgnoreCase(uri.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean wellFormed(String token) {
        return token != null && token.length() == TOKEN_LENGTH && token.chars().allMatch(c -> Character.isLetterOrDigit(c)
                || c == '-' || c == '_');
    }
}
