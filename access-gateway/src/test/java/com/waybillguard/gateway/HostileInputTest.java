package com.waybillguard.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input at the public entry: forged, bent and misused access tokens on every kind of route, and malformed,
 * look-alike, oversized and injected grant requests and read paths. Each is a 4xx RFC 9457 problem that shows nothing
 * internal, and nothing reaches an inner service: the gateway refuses what it can check before forwarding, and no
 * grant is issued.
 */
@QuarkusTest
class HostileInputTest {

    private static final RestAssuredConfig RAW = RestAssuredConfig.config().encoderConfig(
            EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    @Inject
    CircuitBreakerMaintenance breakers;

    WireMockServer upstream;

    @BeforeEach
    void stub() {
        upstream = UpstreamStub.answeringOk();
        breakers.resetAll();
    }

    @AfterEach
    void reset() {
        upstream.resetAll();
        breakers.resetAll();
    }

    @Test
    void forgedBentAndMisusedAccessTokensAreUnauthorizedEverywhere() throws Exception {
        String sub = Tokens.newSub();
        String valid = Tokens.clerk(sub);
        String[] parts = valid.split("\\.");
        RsaJsonWebKey provider = providerKey();
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("alg none", unsigned(parts[1]));
        attacks.put("HS256 keyed with the provider's public JWK",
                hs256(parts[1], provider.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8)));
        attacks.put("HS256 keyed with the provider's public key bytes", hs256(parts[1], provider.getPublicKey().getEncoded()));
        attacks.put("unknown kid", clerkClaims(sub).jws().keyId("kid-nobody-published").sign(provider.getPrivateKey()));
        attacks.put("another key under the provider's kid", Tokens.forgedClerk(sub));
        attacks.put("expired", Tokens.expiredClerk(sub));
        attacks.put("not before in the future", clerkClaims(sub).claim("nbf", now + 3600).jws().keyId("1")
                .sign(provider.getPrivateKey()));
        attacks.put("issued an hour from now", clerkClaims(sub).issuedAt(now + 3600).expiresAt(now + 7200).jws().keyId("1")
                .sign(provider.getPrivateKey()));
        attacks.put("wrong audience (the grant's)", Tokens.token(sub, "clerk.test", "clerk", "HD-YN", null, "waybill-service"));
        attacks.put("wrong issuer", clerkClaims(sub).issuer("https://evil.example.com").jws().keyId("1")
                .sign(provider.getPrivateKey()));
        attacks.put("signature truncated", parts[0] + "." + parts[1] + "." + parts[2].substring(0, 40));
        attacks.put("signature padded", valid + "AAAA");
        attacks.put("signature removed", parts[0] + "." + parts[1] + ".");
        attacks.put("payload edited to admin", parts[0] + "." + edited(parts[1]) + "." + parts[2]);
        attacks.put("a grant of this gateway presented as the login token", grant());
        attacks.put("not a token", "Bearer-but-not-a-token");

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> attack : attacks.entrySet()) {
            for (Map.Entry<String, Function<RequestSpecification, Response>> route : routes().entrySet()) {
                Response response = route.getValue().apply(given().auth().oauth2(attack.getValue()));
                String body = response.asString();
                if (response.statusCode() != 401 || !response.contentType().startsWith("application/problem+json")
                        || !body.contains("/unauthorized") || response.header("WWW-Authenticate") == null
                        || body.contains("Exception") || body.contains("org.")) {
                    wrong.add(attack.getKey() + " on " + route.getKey() + ": " + response.statusCode() + " " + body);
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(0, upstream.findAll(anyRequestedFor(anyUrl())).size(), "nothing forwarded");
        assertTrue(AuditStream.eventsOf(sub).stream().noneMatch(e -> "GRANT_ISSUED".equals(e.path("action").asText())),
                "no grant issued");
    }

    @Test
    void hostileGrantRequestsAndReadPathsAreProblemsAndReachNothing() {
        String sub = Tokens.newSub();
        String clerk = Tokens.clerk(sub);
        List<String> wrong = new ArrayList<>();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("an open brace", "{");
        bodies.put("an array", "[]");
        bodies.put("null", "null");
        bodies.put("a number", "42");
        bodies.put("10 000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000));
        bodies.put("a waybill number as a number", "{\"waybillNo\": 1234567890123, \"purpose\": \"COUNTER_INQUIRY\"}");
        bodies.put("a waybill number as an object", "{\"waybillNo\": {\"$ne\": null}, \"purpose\": \"COUNTER_INQUIRY\"}");
        for (String number : List.of("ＹＴ１２３４５６７８９０１２３", "УТ1234567890123", "YT١٢٣٤٥٦٧٨٩٠١٢٣",
                "YT123456\u200B7890123", "YT1234567890123\n", " YT1234567890123", "yt1234567890123",
                "YT1234567890123' OR '1'='1", "../../admin/waybills", "YT" + "1".repeat(19), "")) {
            bodies.put("waybill number " + number.strip(), "{\"waybillNo\": \"" + number.replace("\n", "\\n")
                    + "\", \"purpose\": \"COUNTER_INQUIRY\"}");
        }
        for (String purpose : List.of("counter_inquiry", "COUNTER_INQUIRY ", "ＣＯＵＮＴＥＲ_ＩＮＱＵＩＲＹ", "ADMIN",
                "COUNTER_INQUIRY\",\"role\":\"admin")) {
            bodies.put("purpose " + purpose, "{\"waybillNo\": \"YT1234567890123\", \"purpose\": \"" + purpose.replace("\"", "\\\"") + "\"}");
        }
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            check(wrong, "grant: " + body.getKey(), given().config(RAW).auth().oauth2(clerk)
                    .header("X-Device-Id", Tokens.DEVICE).contentType("application/json").body(body.getValue())
                    .post("/api/v1/grants"));
        }
        String good = "{\"waybillNo\": \"YT1234567890123\", \"purpose\": \"COUNTER_INQUIRY\"}";
        check(wrong, "grant: text/plain", given().config(RAW).auth().oauth2(clerk).header("X-Device-Id", Tokens.DEVICE)
                .contentType("text/plain").body(good).post("/api/v1/grants"));
        check(wrong, "grant: form", given().config(RAW).auth().oauth2(clerk).header("X-Device-Id", Tokens.DEVICE)
                .contentType("application/x-www-form-urlencoded").body("waybillNo=YT1234567890123").post("/api/v1/grants"));
        for (String device : List.of("short", "d".repeat(65), "ｄｅｖｉｃｅ-12345678", "../../../etc", "dev 12345678")) {
            check(wrong, "grant: device " + device, given().config(RAW).auth().oauth2(clerk).header("X-Device-Id", device)
                    .contentType("application/json").body(good).post("/api/v1/grants"));
        }
        for (String path : List.of("..%2F..%2Fadmin%2Fwaybills", "%2e%2e", "YT1234567890123%00", "YT1234567890123%0A",
                "ＹＴ１２３４５６７８９０１２３", "YT١٢٣٤٥٦٧٨٩٠١٢٣", "YT1234567890123'%20OR%20'1'='1", "A".repeat(2000))) {
            check(wrong, "read: " + path, given().auth().oauth2(clerk).header("X-Device-Id", Tokens.DEVICE)
                    .header("X-Access-Grant", "g.g.g").get("/api/v1/waybills/" + path));
        }
        // above quarkus.http.limits.max-body-size the HTTP layer answers a bare 413 before anything is read (and may
        // close the connection while the body is still being sent)
        try {
            given().auth().oauth2(clerk).contentType("application/json")
                    .body("{\"a\":\"" + "x".repeat(2_000_000) + "\"}")
                    .post("/api/v1/admin/waybills").then().statusCode(413);
        } catch (Exception e) {
            assertTrue(e instanceof java.net.SocketException || e.getCause() instanceof java.net.SocketException,
                    "refused by closing the connection, not " + e);
        }
        assertEquals(List.of(), wrong);
        assertEquals(0, upstream.findAll(anyRequestedFor(anyUrl())).size(), "nothing forwarded");
        assertTrue(AuditStream.eventsOf(sub).stream().noneMatch(e -> "GRANT_ISSUED".equals(e.path("action").asText())),
                "no grant issued");
    }

    private static void check(List<String> wrong, String name, Response response) {
        String body = response.asString();
        if (response.statusCode() < 400 || response.statusCode() >= 500
                || response.contentType() == null || !response.contentType().startsWith("application/problem+json")
                || body.contains("Exception") || body.contains("\tat ") || body.contains("org.")) {
            wrong.add(name + ": " + response.statusCode() + " " + response.contentType() + " "
                    + body.substring(0, Math.min(200, body.length())));
        }
    }

    /** One request of each kind of route, as any caller would make it. */
    private static Map<String, Function<RequestSpecification, Response>> routes() {
        Map<String, Function<RequestSpecification, Response>> routes = new LinkedHashMap<>();
        routes.put("POST /api/v1/grants", r -> r.header("X-Device-Id", Tokens.DEVICE).contentType("application/json")
                .body("{\"waybillNo\": \"YT1234567890123\", \"purpose\": \"COUNTER_INQUIRY\"}").post("/api/v1/grants"));
        routes.put("GET /api/v1/waybills/{waybillNo}", r -> r.header("X-Device-Id", Tokens.DEVICE)
                .header("X-Access-Grant", "g.g.g").get("/api/v1/waybills/YT1234567890123"));
        routes.put("GET /api/v1/quota", r -> r.get("/api/v1/quota"));
        routes.put("GET /api/v1/audit/events", r -> r.get("/api/v1/audit/events"));
        routes.put("POST /api/v1/admin/waybills", r -> r.contentType("application/json").body("{}")
                .post("/api/v1/admin/waybills"));
        return routes;
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder clerkClaims(String sub) {
        return Jwt.preferredUserName("clerk.test").subject(sub).groups(Set.of("clerk"))
                .issuer("https://server.example.com").audience("wg-gateway").claim("outlet_id", "HD-YN");
    }

    private static RsaJsonWebKey providerKey() throws Exception {
        try (InputStream in = HostileInputTest.class.getClassLoader().getResourceAsStream("privateKey.jwk")) {
            return (RsaJsonWebKey) JsonWebKey.Factory.newJwk(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String unsigned(String payload) {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"1\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    private static String hs256(String payload, byte[] secret) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue("1");
        jws.setKey(new HmacKey(secret));
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    private static String edited(String payload) {
        String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"clerk\""), json);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.replace("\"clerk\"", "\"admin\"")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A real grant of this gateway, for a clerk of the stand-in realm. */
    private static String grant() {
        return GrantResourceTest.requestGrant(Tokens.clerk(Tokens.newSub()), GrantResourceTest.WAYBILL, "COUNTER_INQUIRY")
                .then().statusCode(201).extract().path("grant");
    }
}
