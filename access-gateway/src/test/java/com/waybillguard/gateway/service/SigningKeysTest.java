package com.waybillguard.gateway.service;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A configured PKCS#8 key: the public key the gateway publishes is derived from it correctly. */
class SigningKeysTest {

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
