package com.waybillguard.gateway;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.util.Set;
import java.util.UUID;

/** Access tokens as the realm would issue them, signed by the mock OIDC provider's key. */
public final class Tokens {

    public static final String DEVICE = "dev-12345678";

    private Tokens() {
    }

    public static String newSub() {
        return UUID.randomUUID().toString();
    }

    public static String clerk(String sub) {
        return token(sub, "clerk.test", "clerk", "HD-YN", null);
    }

    public static String courier(String sub) {
        return token(sub, "courier.test", "courier", "HD-YN", "C-1001");
    }

    public static String csAgent(String sub) {
        return token(sub, "cs.test", "cs_agent", null, null);
    }

    public static String auditor(String sub) {
        return token(sub, "auditor.test", "auditor", null, null);
    }

    public static String admin(String sub) {
        return token(sub, "admin.test", "admin", null, null);
    }

    /** A clerk token that expired ten minutes ago. */
    public static String expiredClerk(String sub) {
        long now = System.currentTimeMillis() / 1000;
        return Jwt.preferredUserName("clerk.test").subject(sub).groups(Set.of("clerk"))
                .issuer("https://server.example.com").audience("wg-gateway")
                .issuedAt(now - 1200).expiresAt(now - 600)
                .jws().keyId("1").sign("privateKey.jwk");
    }

    /** A clerk token with the provider's key id but signed by another key. */
    public static String forgedClerk(String sub) throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        return Jwt.preferredUserName("clerk.test").subject(sub).groups(Set.of("clerk"))
                .issuer("https://server.example.com").audience("wg-gateway")
                .jws().keyId("1").sign(rsa.generateKeyPair().getPrivate());
    }

    public static String token(String sub, String username, String role, String outletId, String courierId) {
        return token(sub, username, role, outletId, courierId, "wg-gateway");
    }

    public static String token(String sub, String username, String role, String outletId, String courierId,
                               String audience) {
        return token(sub, username, Set.of(role), outletId, courierId, audience);
    }

    /** A token holding all these roles, with the outlet and courier of the demo clerk and courier. */
    public static String withRoles(String sub, Set<String> roles) {
        return token(sub, "several.roles", roles, "HD-YN", "C-1001", "wg-gateway");
    }

    private static String token(String sub, String username, Set<String> roles, String outletId, String courierId,
                                String audience) {
        JwtClaimsBuilder claims = Jwt.preferredUserName(username)
                .subject(sub)
                .groups(roles)
                .issuer("https://server.example.com")
                .audience(audience);
        if (outletId != null) {
            claims.claim("outlet_id", outletId);
        }
        if (courierId != null) {
            claims.claim("courier_id", courierId);
        }
        return claims.jws().keyId("1").sign("privateKey.jwk");
    }
}
