package com.waybillguard.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Key rotation: the gateway runs with a configured current key and the key of the previous rotation
 * (a directory of PEMs, as a mounted Secret). It signs with the current key only and publishes both,
 * so a grant signed before the rotation still verifies against the published set.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.Rotated.class)
class KeyRotationTest {

    /**
     * The README's procedure: the current key as a bundle file (private and public block), the previous
     * (pre-rotation) key's public block in a directory of PEMs; its private key is kept aside for the test only.
     */
    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("wg-rotation");
                Path current = dir.resolve("current.pem");
                KeyPair currentPair = newPair();
                Files.writeString(current, pem("PRIVATE KEY", currentPair.getPrivate().getEncoded())
                        + pem("PUBLIC KEY", currentPair.getPublic().getEncoded()));
                Path previous = Files.createDirectory(dir.resolve("previous"));
                KeyPair previousPair = newPair();
                Files.writeString(previous.resolve("2026-10.pem"), pem("PUBLIC KEY", previousPair.getPublic().getEncoded()));
                Files.writeString(dir.resolve(PREVIOUS_PRIVATE), pem("PRIVATE KEY", previousPair.getPrivate().getEncoded()));
                return Map.of(
                        "wg.grant.signing-key-location", current.toString(),
                        "wg.grant.previous-keys-location", previous.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static KeyPair newPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** File (beside the previous-keys directory) of the previous rotation's private key, for the test only. */
    static final String PREVIOUS_PRIVATE = "previous-private.pem";

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The previous rotation's private key, as the gateway before the rotation held it. */
    static PrivateKey previousPrivateKey() throws Exception {
        String dir = ConfigProvider.getConfig().getValue("wg.grant.previous-keys-location", String.class);
        String pem = Files.readString(Path.of(dir).resolveSibling(PREVIOUS_PRIVATE));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", ""));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    static JwtConsumer consumer(JsonWebKeySet jwks) {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedAudience("waybill-service")
                .setExpectedIssuer("waybill-guard-gateway")
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setExpectedType(true, "wg-grant+jwt")
                .build();
    }

    @Test
    void publishesCurrentAndPreviousKeysAndSignsWithTheCurrentOnly() throws Exception {
        Response jwksResponse = given().get("/.well-known/jwks.json");
        jwksResponse.then().statusCode(200)
                .body("keys[0]", not(hasKey("d")))
                .body("keys[1]", not(hasKey("d")));
        JsonWebKeySet jwks = new JsonWebKeySet(jwksResponse.asString());
        List<JsonWebKey> keys = jwks.getJsonWebKeys();
        assertEquals(2, keys.size());
        for (JsonWebKey key : keys) {
            // kid = RFC 7638 thumbprint, computed independently here
            assertEquals(key.calculateBase64urlEncodedThumbprint("SHA-256"), key.getKeyId());
            assertEquals("ES256", key.getAlgorithm());
            assertEquals("sig", key.getUse());
        }

        Response granted = GrantResourceTest.requestGrant(Tokens.clerk(Tokens.newSub()), GrantResourceTest.WAYBILL,
                "COUNTER_INQUIRY");
        granted.then().statusCode(201);
        String grant = granted.jsonPath().getString("grant");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(grant);
        assertEquals(keys.get(0).getKeyId(), jws.getKeyIdHeaderValue(), "signed with the current key");
        consumer(jwks).processToClaims(grant);
    }

    @Test
    void grantSignedBeforeTheRotationStillVerifiesAgainstThePublishedSet() throws Exception {
        JsonWebKeySet jwks = new JsonWebKeySet(given().get("/.well-known/jwks.json").asString());
        PrivateKey previous = previousPrivateKey();
        String previousKid = jwks.getJsonWebKeys().get(1).getKeyId();
        long now = Instant.now().getEpochSecond();
        // exactly what the gateway signed before the rotation: same header and claims, the old key
        String beforeRotation = Jwt.claims()
                .issuer("waybill-guard-gateway").audience("waybill-service").subject(Tokens.newSub())
                .claim("jti", UUID.randomUUID().toString()).issuedAt(now - 10).claim("nbf", now - 10)
                .expiresAt(now + 50).claim("waybill_no", GrantResourceTest.WAYBILL).claim("purpose", "COUNTER_INQUIRY")
                .claim("role", "clerk").claim("device_hash", GrantResourceTest.sha256(Tokens.DEVICE))
                .jws().keyId(previousKid).type("wg-grant+jwt").algorithm(SignatureAlgorithm.ES256).sign(previous);
        assertEquals(previousKid, PublicJsonWebKey.Factory.newPublicJwk(
                ((PublicJsonWebKey) jwks.findJsonWebKey(previousKid, null, null, null)).getPublicKey())
                .calculateBase64urlEncodedThumbprint("SHA-256"));

        consumer(jwks).processToClaims(beforeRotation);

        // a key that was never published does not verify, whatever kid it claims
        String unknown = Jwt.claims().issuer("waybill-guard-gateway").audience("waybill-service")
                .subject(Tokens.newSub()).claim("jti", UUID.randomUUID().toString()).expiresAt(now + 50)
                .jws().keyId(previousKid).type("wg-grant+jwt").algorithm(SignatureAlgorithm.ES256)
                .sign(newPair().getPrivate());
        assertThrows(Exception.class, () -> consumer(jwks).processToClaims(unknown));
    }
}
