package com.waybillguard.waybill.service;

import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Verifies an access grant (compact JWS): ES256 only, {@code kid} from the gateway's JWKS,
 * {@code iss}, {@code aud}, {@code exp}/{@code nbf}/{@code iat} with a small skew, a bounded lifetime
 * and the claims the read path needs. Binding to account, device and waybill is checked by {@link WaybillReadService}.
 */
@ApplicationScoped
public class GrantVerifier {

    static final String GRANT_TYPE = "wg-grant+jwt";
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final GrantKeyStore keys;
    private final String issuer;
    private final String audience;
    private final int skewSeconds;
    private final long maxLifetimeSeconds;

    @Inject
    GrantVerifier(GrantKeyStore keys, WaybillServiceConfig config) {
        this(keys, config.grant().issuer(), config.grant().audience(), config.grant().clockSkew(),
                config.grant().maxLifetime());
    }

    GrantVerifier(GrantKeyStore keys, String issuer, String audience, Duration clockSkew, Duration maxLifetime) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.skewSeconds = (int) clockSkew.toSeconds();
        this.maxLifetimeSeconds = maxLifetime.toSeconds();
    }

    public Uni<VerifiedGrant> verify(String compact) {
        if (compact == null || compact.isBlank()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.GRANT_MISSING,
                    "The X-Access-Grant header is required."));
        }
        String token = compact.strip();
        // three segments: a signed token (a JWE has five), in the one spelling the gateway signed
        if (!isCanonicalCompact(token)) {
            return invalid("The access grant is not a compact JWS.");
        }
        JsonWebSignature jws = new JsonWebSignature();
        try {
            jws.setCompactSerialization(token);
        } catch (JoseException | RuntimeException e) {
            return invalid("The access grant is malformed.");
        }
        if (!AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256.equals(jws.getAlgorithmHeaderValue())) {
            return invalid("The access grant uses an algorithm that is not accepted.");
        }
        String typ = jws.getHeader("typ");
        // required: a token signed by the gateway's key for anything else is not a grant
        if (typ == null || !GRANT_TYPE.equalsIgnoreCase(typ)) {
            return invalid("The access grant does not name the grant token type.");
        }
        String kid = jws.getKeyIdHeaderValue();
        if (kid == null || kid.isBlank()) {
            return invalid("The access grant names no key.");
        }
        return keys.key(kid).map(key -> claims(token, key));
    }

    private VerifiedGrant claims(String token, PublicKey key) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setExpectedIssuer(true, issuer)
                .setExpectedAudience(true, audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(skewSeconds)
                .build();
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            if (e.hasExpired()) {
                throw new ProblemException(ProblemType.GRANT_EXPIRED, "The access grant has expired.");
            }
            throw new ProblemException(ProblemType.GRANT_INVALID, "The access grant could not be verified.");
        }
        try {
            long iat = claims.getIssuedAt().getValue();
            long exp = claims.getExpirationTime().getValue();
            if (exp - iat > maxLifetimeSeconds || iat - skewSeconds > Instant.now().getEpochSecond()) {
                throw new ProblemException(ProblemType.GRANT_INVALID, "The access grant lifetime is not accepted.");
            }
            return new VerifiedGrant(
                    claims.getJwtId(),
                    claims.getSubject(),
                    Instant.ofEpochSecond(exp),
                    required(claims, "waybill_no"),
                    required(claims, "purpose"),
                    required(claims, "role"),
                    optional(claims, "outlet_id"),
                    optional(claims, "courier_id"),
                    optional(claims, "username"),
                    required(claims, "device_hash"));
        } catch (MalformedClaimException e) {
            throw new ProblemException(ProblemType.GRANT_INVALID, "The access grant has malformed claims.");
        }
    }

    /**
     * Three segments of unpadded base64url, each the one encoding of its bytes (RFC 7515, section 7.1). A decoder
     * that tolerates padding or stray bits in the last character would accept many strings for one grant; only the
     * one the gateway signed is a grant.
     */
    static boolean isCanonicalCompact(String compact) {
        if (!COMPACT_JWS.matcher(compact).matches()) {
            return false;
        }
        for (String segment : compact.split("\\.")) {
            try {
                if (!BASE64URL.encodeToString(Base64.getUrlDecoder().decode(segment)).equals(segment)) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return true;
    }

    private static String required(JwtClaims claims, String name) throws MalformedClaimException {
        String value = claims.getStringClaimValue(name);
        if (value == null || value.isBlank()) {
            throw new ProblemException(ProblemType.GRANT_INVALID, "The access grant lacks a required claim.");
        }
        return value;
    }

    private static String optional(JwtClaims claims, String name) throws MalformedClaimException {
        return claims.getStringClaimValue(name);
    }

    private static <T> Uni<T> invalid(String detail) {
        return Uni.createFrom().failure(new ProblemException(ProblemType.GRANT_INVALID, detail));
    }
}
