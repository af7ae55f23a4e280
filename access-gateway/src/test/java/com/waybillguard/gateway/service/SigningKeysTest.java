package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configured keys: the public keys the gateway publishes are derived and listed correctly. */
class SigningKeysTest {

    static KeyPair newPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static String privatePem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    static String publicPem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Grant configuration with only the key properties set. */
    static GatewayConfig.Grant grantConfig(String signingKey, List<String> previous, String previousLocation) {
        return new GatewayConfig.Grant() {
            public String issuer() {
                return "waybill-guard-gateway";
            }

            public String audience() {
                return "waybill-service";
            }

            public Duration ttl() {
                return Duration.ofSeconds(60);
            }

            public Optional<String> signingKey() {
                return Optional.ofNullable(signingKey);
            }

            public Optional<String> signingKeyLocation() {
                return Optional.empty();
            }

            public Optional<List<String>> previousKeys() {
                return Optional.ofNullable(previous);
            }

            public Optional<String> previousKeysLocation() {
                return Optional.ofNullable(previousLocation);
            }

            public int jwksMaxAgeSeconds() {
                return 60;
            }
        };
    }

    @Test
    void previousKeysFromValuesAndADirectoryVerifyButDoNotSign() throws Exception {
        KeyPair current = newPair();
        KeyPair older = newPair();
        KeyPair oldest = newPair();
        KeyPair fromDir = newPair();
        Path dir = Files.createTempDirectory("wg-prev-keys");
        Files.writeString(dir.resolve("2026-10.pem"), publicPem(fromDir));
        Files.writeString(dir.resolve("..data"), "not a key");
        Files.writeString(dir.resolve("README.txt"), "not a key either");
        // the current key listed again among the previous ones is published once
        Files.writeString(dir.resolve("2026-11.pem"), privatePem(current));

        GatewayConfig.Grant grant = grantConfig(privatePem(current),
                List.of(privatePem(older), publicPem(oldest)), dir.toString());
        List<ECPublicKey> previous = SigningKeys.previous(grant);
        assertEquals(4, previous.size());
        List<SigningKeys.VerificationKey> keys = SigningKeys.verificationKeys(
                new SigningKeys.VerificationKey(SigningKeys.thumbprint((ECPublicKey) current.getPublic()),
                        (ECPublicKey) current.getPublic()), previous);

        assertEquals(List.of(current.getPublic(), older.getPublic(), oldest.getPublic(), fromDir.getPublic())
                        .stream().map(k -> ((ECPublicKey) k).getW()).toList(),
                keys.stream().map(k -> k.publicKey().getW()).toList());
        assertEquals(4, keys.stream().map(SigningKeys.VerificationKey::keyId).distinct().count());
    }

    @Test
    void rejectsAPreviousKeyThatIsNotEcP256WithTheEntryNamed() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String rsaPublic = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> SigningKeys.previous(grantConfig(null, List.of(rsaPublic), null)));
        assertTrue(failure.getMessage().startsWith("wg.grant.previous-keys[0]"), failure.getMessage());

        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> SigningKeys.previous(grantConfig(null, null, "/nonexistent/wg-keys")));
        assertTrue(missing.getMessage().contains("wg.grant.previous-keys-location"), missing.getMessage());
    }

    @Test
    void derivesThePublicKeyOfAConfiguredPkcs8Key() throws Exception {
        for (int i = 0; i < 5; i++) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair expected = generator.generateKeyPair();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(expected.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";

            KeyPair loaded = SigningKeys.fromPem(pem, "wg.grant.signing-key");

            assertEquals(((ECPublicKey) expected.getPublic()).getW(), ((ECPublicKey) loaded.getPublic()).getW());
        }
    }

    @Test
    void rejectsWhatIsNotAPkcs8EcKeyWithAClearMessage() throws Exception {
        IllegalStateException traditional = assertThrows(IllegalStateException.class, () -> SigningKeys.fromPem(
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----", "wg.grant.signing-key"));
        assertTrue(traditional.getMessage().startsWith("wg.grant.signing-key"));

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String rsaPem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----";
        assertThrows(Exception.class, () -> SigningKeys.fromPem(rsaPem, "wg.grant.signing-key"));
    }
}
