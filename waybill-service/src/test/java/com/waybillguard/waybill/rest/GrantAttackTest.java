package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.support.GrantBuilder;
import com.waybillguard.waybill.support.JwksTestServer;
import com.waybillguard.waybill.support.TestWaybills;
import com.waybillguard.waybill.support.Tokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way of forging, bending or misusing a grant that the issue's threat list names, against waybill-service
 * called directly (as a compromised pod would call it). Each is refused with a 401 problem that tells nothing of the
 * waybill, is recorded as a refused read, and spends nothing: all forgeries reuse the genuine grant's {@code jti},
 * and the genuine grant still reads afterwards.
 */
@QuarkusTest
class GrantAttackTest {

    private static final String PROBLEMS = "https://waybill-guard.example/problems/";
    private static final String DEVICE = "device-attack-1";

    @Inject
    RedisDataSource redis;

    private record Attack(String name, Supplier<String> grant, String slug) {
    }

    @Test
    void forgedBentAndMisusedGrantsAreRefusedRecordedAndSpendNothing() throws Exception {
        String waybillNo = TestWaybills.create("IN_TRANSIT", "HD-YN", "HD-JZ", "C-1001", "C-1002");
        String sub = "sub-attack-" + UUID.randomUUID();
        String token = Tokens.access(sub, "clerk.attack", "clerk", "HD-JZ", null);
        String jti = UUID.randomUUID().toString();
        Supplier<GrantBuilder> genuine = () -> GrantBuilder.grant(sub, "clerk", waybillNo, "COUNTER_INQUIRY", DEVICE)
                .outlet("HD-JZ").jti(jti);
        String valid = genuine.get().sign();
        String[] parts = valid.split("\\.");
        String otherSignature = genuine.get().jti(UUID.randomUUID().toString()).sign().split("\\.")[2];

        List<Attack> attacks = List.of(
                new Attack("alg none", () -> genuine.get().unsigned(), "grant-invalid"),
                new Attack("HS256 keyed with the public JWK", () -> genuine.get().signHs256(), "grant-invalid"),
                new Attack("HS256 keyed with the public key's DER bytes",
                        () -> hs256(payloadOf(valid), JwksTestServer.key().getPublicKey().getEncoded()), "grant-invalid"),
                new Attack("unknown kid", () -> genuine.get().kid("kid-nobody-published").sign(), "grant-invalid"),
                new Attack("no kid", () -> genuine.get().kid(null).sign(), "grant-invalid"),
                new Attack("another key under the published kid",
                        () -> genuine.get().signedBy(newKey()).sign(), "grant-invalid"),
                new Attack("expired", () -> genuine.get().issuedSecondsAgo(200).ttl(60).sign(), "grant-expired"),
                new Attack("iat in the future", () -> genuine.get().issuedSecondsAgo(-120).sign(), "grant-invalid"),
                new Attack("nbf in the future", () -> genuine.get().validFromSecondsLater(120).sign(), "grant-invalid"),
                new Attack("lifetime above the maximum", () -> genuine.get().ttl(3600).sign(), "grant-invalid"),
                new Attack("wrong aud (the access token's)", () -> genuine.get().audience("wg-gateway").sign(),
                        "grant-invalid"),
                new Attack("wrong iss", () -> genuine.get().issuer("https://server.example.com").sign(), "grant-invalid"),
                new Attack("no typ", () -> genuine.get().type(null).sign(), "grant-invalid"),
                new Attack("typ JWT", () -> genuine.get().type("JWT").sign(), "grant-invalid"),
                new Attack("the login token presented as a grant", () -> token, "grant-invalid"),
                new Attack("signature truncated", () -> parts[0] + "." + parts[1] + "." + parts[2].substring(0, 60),
                        "grant-invalid"),
                new Attack("signature padded", () -> valid + "AAAA", "grant-invalid"),
                new Attack("signature with base64 padding", () -> valid + "==", "grant-invalid"),
                new Attack("signature re-encoded with the unused bits of its last character set",
                        () -> parts[0] + "." + parts[1] + "." + strayBits(parts[2]), "grant-invalid"),
                new Attack("payload with base64 padding", () -> parts[0] + "." + parts[1] + "=." + parts[2],
                        "grant-invalid"),
                new Attack("signature removed", () -> parts[0] + "." + parts[1] + ".", "grant-invalid"),
                new Attack("another grant's signature", () -> parts[0] + "." + parts[1] + "." + otherSignature,
                        "grant-invalid"),
                new Attack("payload edited to another role", () -> parts[0] + "." + reencoded(parts[1],
                        "\"role\":\"clerk\"", "\"role\":\"cs_agent\"") + "." + parts[2], "grant-invalid"),
                new Attack("a JWE instead of a JWS", () -> "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aaaa.bbbb.cccc",
                        "grant-invalid"),
                new Attack("four segments", () -> valid + ".x", "grant-invalid"),
                new Attack("not base64", () -> "%%%.***.!!!", "grant-invalid"),
                new Attack("blank", () -> "   ", "grant-missing"));

        long before = refusalsOf(sub);
        List<String> wrong = new ArrayList<>();
        for (Attack attack : attacks) {
            Response response = given().auth().oauth2(token).header("X-Device-Id", DEVICE)
                    .header("X-Access-Grant", attack.grant().get())
                    .get("/api/v1/waybills/" + waybillNo);
            String body = response.asString();
            if (response.statusCode() != 401 || !response.contentType().startsWith("application/problem+json")
                    || !(PROBLEMS + attack.slug()).equals(response.jsonPath().getString("type"))
                    || body.contains("Exception") || body.contains("5678") || body.contains("鸡泽县")) {
                wrong.add(attack.name() + ": " + response.statusCode() + " " + body);
            }
        }
        assertTrue(wrong.isEmpty(), "not refused as expected:\n" + String.join("\n", wrong));
        assertEquals(attacks.size(), refusalsOf(sub) - before, "every refusal is recorded");

        // nothing was spent: the genuine grant (same jti as every forgery) reads once
        given().auth().oauth2(token).header("X-Device-Id", DEVICE).header("X-Access-Grant", valid)
                .get("/api/v1/waybills/" + waybillNo).then().statusCode(200).body("view", equalTo("COUNTER_INQUIRY"));
    }

    @Test
    void aGrantPresentedAsTheLoginTokenIsUnauthorized() {
        String waybillNo = TestWaybills.create("IN_TRANSIT", "HD-YN", "HD-JZ", "C-1001", "C-1002");
        String sub = "sub-attack-" + UUID.randomUUID();
        String grant = GrantBuilder.grant(sub, "clerk", waybillNo, "COUNTER_INQUIRY", DEVICE).outlet("HD-JZ").sign();
        for (String path : List.of("/api/v1/waybills/" + waybillNo, "/api/v1/admin/waybills/" + waybillNo + "/status")) {
            given().auth().oauth2(grant).header("X-Device-Id", DEVICE).header("X-Access-Grant", grant)
                    .contentType("application/json").body("{\"status\":\"PICKED_UP\"}")
                    .request(path.contains("admin") ? "PUT" : "GET", path)
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .body("type", equalTo(PROBLEMS + "unauthorized"));
        }
    }

    @Test
    void anAccessTokenIssuedInTheFutureIsUnauthorized() {
        String waybillNo = TestWaybills.create("IN_TRANSIT", "HD-YN", "HD-JZ", "C-1001", "C-1002");
        String sub = "sub-attack-" + UUID.randomUUID();
        long now = System.currentTimeMillis() / 1000;
        String token = io.smallrye.jwt.build.Jwt.claims().subject(sub).preferredUserName("clerk.future")
                .groups(java.util.Set.of("clerk")).claim("outlet_id", "HD-JZ").issuer(Tokens.ISSUER)
                .audience(Tokens.AUDIENCE).issuedAt(now + 3600).expiresAt(now + 7200).sign();
        String grant = GrantBuilder.grant(sub, "clerk", waybillNo, "COUNTER_INQUIRY", DEVICE).outlet("HD-JZ").sign();
        given().auth().oauth2(token).header("X-Device-Id", DEVICE).header("X-Access-Grant", grant)
                .get("/api/v1/waybills/" + waybillNo).then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "unauthorized"));
    }

    private long refusalsOf(String sub) {
        return TestWaybills.auditEvents(redis).stream()
                .filter(e -> e.contains("\"sub\":\"" + sub + "\"") && e.contains("\"WAYBILL_READ_REFUSED\""))
                .count();
    }

    /**
     * The same signature bytes in another spelling: an ES256 signature (64 bytes) takes 86 base64url characters,
     * whose last carries 2 bits of the signature and 4 unused ones.
     */
    private static String strayBits(String signature) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(signature.charAt(signature.length() - 1));
        String respelled = signature.substring(0, signature.length() - 1) + alphabet.charAt(last ^ 1);
        assertTrue(java.util.Arrays.equals(Base64.getUrlDecoder().decode(signature),
                Base64.getUrlDecoder().decode(respelled)), "the same bytes");
        return respelled;
    }

    private static String payloadOf(String compact) {
        return new String(Base64.getUrlDecoder().decode(compact.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static String reencoded(String segment, String from, String to) {
        String json = new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
        assertTrue(json.contains(from), json);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.replace(from, to)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String hs256(String payload, byte[] secret) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue(JwksTestServer.KID);
        jws.setHeader("typ", "wg-grant+jwt");
        jws.setKey(new HmacKey(secret));
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.security.PrivateKey newKey() {
        try {
            return EcJwkGenerator.generateJwk(EllipticCurves.P256).getPrivateKey();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
