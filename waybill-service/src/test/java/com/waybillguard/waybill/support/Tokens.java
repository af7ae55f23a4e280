package com.waybillguard.waybill.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.util.Set;

/** OIDC access tokens as the realm would issue them (signed by the mock provider's key). */
public final class Tokens {

    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "wg-gateway";

    private Tokens() {
    }

    public static String access(String sub, String username, String role, String outletId, String courierId) {
        return access(sub, username, Set.of(role), outletId, courierId);
    }

    /** A token with several realm roles (which no account of the realm may hold). */
    public static String access(String sub, String username, Set<String> roles, String outletId, String courierId) {
        JwtClaimsBuilder claims = Jwt.claims()
                .subject(sub)
                .preferredUserName(username)
                .groups(roles)
                .issuer(ISSUER)
                .audience(AUDIENCE);
        if (outletId != null) {
            claims.claim("outlet_id", outletId);
        }
        if (courierId != null) {
            claims.claim("courier_id", courierId);
        }
        return claims.sign();
    }

    public static String admin() {
        return access("sub-admin", "admin", "admin", null, null);
    }

    public static String clerkJize() {
        return access("sub-clerk-jize", "clerk.jize", "clerk", "HD-JZ", null);
    }
}
