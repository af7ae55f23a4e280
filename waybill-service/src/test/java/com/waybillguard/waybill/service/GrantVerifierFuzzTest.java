package com.waybillguard.waybill.service;

import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import com.waybillguard.waybill.domain.WaybillNumber;
import io.smallrye.mutiny.Uni;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.EllipticCurves;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzing the grant verifier and the read path's input parsers (jqwik, a bounded number of tries per property, so a
 * few seconds in CI). Whatever a client sends as a grant (random text, random JOSE headers over random payloads,
 * and every small mutation of a genuine grant) either verifies to exactly the genuine grant, or is refused with one
 * of the grant problems; never another exception (which would be a 500), never a different grant.
 */
class GrantVerifierFuzzTest {

    private static final Set<ProblemType> GRANT_REFUSALS = Set.of(ProblemType.GRANT_MISSING, ProblemType.GRANT_INVALID,
            ProblemType.GRANT_EXPIRED);
    private static final Pattern ASCII_WAYBILL_NO = Pattern.compile("[A-Z]{2}[0-9]{10,18}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static EllipticCurveJsonWebKey key;
    private static GrantVerifier verifier;
    private static String genuine;

    @BeforeContainer
    static void keysAndGenuineGrant() throws Exception {
        key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId("fuzz-key");
        String jwks = new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        GrantKeyStore keys = new GrantKeyStore(() -> Uni.createFrom().item(jwks), Duration.ZERO, Duration.ofMinutes(1),
                Duration.ofMinutes(2));
        verifier = new GrantVerifier(keys, "waybill-guard-gateway", "waybill-service", Duration.ofSeconds(5),
                Duration.ofSeconds(300));
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("waybill-guard-gateway");
        claims.setAudience("waybill-service");
        claims.setSubject("sub-fuzz");
        claims.setGeneratedJwtId();
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(4);
        claims.setStringClaim("waybill_no", "YT1234567890123");
        claims.setStringClaim("purpose", "COUNTER_INQUIRY");
        claims.setStringClaim("role", "clerk");
        claims.setStringClaim("outlet_id", "HD-JZ");
        claims.setStringClaim("device_hash", "hash");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKeyIdHeaderValue("fuzz-key");
        jws.setHeader("typ", "wg-grant+jwt");
        jws.setKey(key.getPrivateKey());
        genuine = jws.getCompactSerialization();
    }

    @Property(tries = 1500)
    void anyTextIsTheGenuineGrantOrAGrantRefusal(@ForAll("hostileGrants") String grant) {
        VerifiedGrant verified;
        try {
            verified = verifier.verify(grant).await().atMost(Duration.ofSeconds(5));
        } catch (ProblemException refused) {
            assertTrue(GRANT_REFUSALS.contains(refused.type()), "refused as " + refused.type() + ": " + grant);
            return;
        }
        // only the genuine grant verifies (leading and trailing white space aside)
        assertEquals(genuine, grant.strip(), "a different text verified");
        assertEquals("sub-fuzz", verified.sub());
    }

    @Property(tries = 2000)
    void aWaybillNumberIsValidExactlyWhenItIsAsciiLettersAndDigits(@ForAll("waybillNumbers") String number) {
        assertEquals(ASCII_WAYBILL_NO.matcher(number).matches(), WaybillNumber.isValid(number), number);
    }

    @Property(tries = 2000)
    void aDeviceIdIsValidExactlyWhenItIsAsciiOfTheAllowedSet(@ForAll("deviceIds") String device) {
        boolean ascii = device.length() >= 8 && device.length() <= 64
                && device.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-'));
        assertEquals(ascii, DeviceIds.isValid(device), device);
    }

    @Provide
    Arbitrary<String> hostileGrants() {
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(400);
        Arbitrary<String> jwsShaped = Combinators.combine(headers(), Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/")
                        .ofMaxLength(120))
                .as((header, payload, signature) -> B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                        + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + signature);
        Arbitrary<String> mutated = Arbitraries.integers().between(0, 10_000).flatMap(seed ->
                Arbitraries.oneOf(
                        Arbitraries.chars().all().map(c -> replaceAt(genuine, seed, c)),
                        Arbitraries.strings().all().ofMaxLength(8).map(s -> insertAt(genuine, seed, s)),
                        Arbitraries.integers().between(1, 20).map(n -> deleteAt(genuine, seed, n)),
                        Arbitraries.of(".", "..", "=", "==", " ", "\u0000", "\n").map(s -> insertAt(genuine, seed, s))));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, anyText),
                net.jqwik.api.Tuple.of(3, jwsShaped),
                net.jqwik.api.Tuple.of(5, mutated),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(genuine)));
    }

    /** JOSE headers that mix the accepted values with everything else. */
    private static Arbitrary<String> headers() {
        Arbitrary<String> alg = Arbitraries.of("ES256", "none", "HS256", "RS256", "ES384", "EdDSA", "es256", "");
        Arbitrary<String> kid = Arbitraries.oneOf(Arbitraries.of("fuzz-key", "", "../../etc/passwd"),
                Arbitraries.strings().all().ofMaxLength(20));
        Arbitrary<String> typ = Arbitraries.of("wg-grant+jwt", "JWT", "at+jwt", "", "WG-GRANT+JWT");
        return Combinators.combine(alg, kid, typ).as((a, k, t) -> "{\"alg\":\"" + a + "\",\"kid\":\"" + escape(k)
                + "\",\"typ\":\"" + t + "\"}");
    }

    @Provide
    Arbitrary<String> waybillNumbers() {
        Arbitrary<String> letters = Arbitraries.strings().withChars("ABYTyt\u0410\u0422\uFF21\uFF34").ofLength(2);
        Arbitrary<String> digits = Arbitraries.strings().withChars("0123456789\u0661\u0662\uFF11\uFF12\u0967 \n")
                .ofMinLength(8).ofMaxLength(20);
        return Arbitraries.oneOf(Combinators.combine(letters, digits).as(String::concat),
                Arbitraries.strings().all().ofMaxLength(30));
    }

    @Provide
    Arbitrary<String> deviceIds() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("abcXYZ019._-\uFF41\u00E9 /\\\u0000").ofMinLength(6)
                .ofMaxLength(66), Arbitraries.strings().all().ofMaxLength(70));
    }

    private static String replaceAt(String text, int seed, char c) {
        int at = seed % text.length();
        return text.substring(0, at) + c + text.substring(at + 1);
    }

    private static String insertAt(String text, int seed, String inserted) {
        int at = seed % (text.length() + 1);
        return text.substring(0, at) + inserted + text.substring(at);
    }

    private static String deleteAt(String text, int seed, int count) {
        int at = seed % text.length();
        return text.substring(0, at) + text.substring(Math.min(text.length(), at + count));
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
