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

    public static String token(String sub, String username, String role, String outletId, String courierId) {
        return token(sub, username, role, outletId, courierId, "wg-gateway");
    }

    public static String token(String sub, String username, String role, String outletId, String courierId,
                               String audience) {
        JwtClaimsBuilder claims = Jwt.preferredUserName(username)
                .subject(sub)
                .groups(Set.of(role))
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
