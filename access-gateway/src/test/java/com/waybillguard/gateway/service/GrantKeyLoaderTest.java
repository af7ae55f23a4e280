package com.waybillguard.gateway.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configured grant keys: the current key is a bundle of its PKCS#8 private key and its public key, checked to be
 * one pair; keys of earlier rotations are public keys. Every refusal is an {@link IllegalStateException} whose
 * message names the setting and quotes no key material.
 */
class GrantKeyLoaderTest {

    /** Asserts the refusal type, that the message names the setting and says {@code what}, and quotes no key. */
    static void refused(Executable load, String setting, String what, KeyPair... keys) {
        IllegalStateException failure = assertThrows(IllegalStateException.class, load);
        String message = failure.getMessage();
        assertTrue(message.startsWith(setting), "names the setting " + setting + ": " + message);
        assertTrue(message.contains(what), "says '" + what + "': " + message);
        assertFalse(message.contains("-----"), "quotes no PEM: " + message);
        for (KeyPair pair : keys) {
            assertFalse(message.contains(TestKeys.privateMaterial(pair)), "quotes no key material: " + message);
        }
    }

    @Test
    void loadsTheBundleOpensslWritesAndChecksThePair() throws Exception {
        KeyPair pair = TestKeys.newPair();

        KeyPair loaded = GrantKeyLoader.current(TestKeys.signingKey(TestKeys.bundle(pair))).orElseThrow();

        assertArrayEquals(pair.getPrivate().getEncoded(), loaded.getPrivate().getEncoded());
        assertEquals(((ECPublicKey) pair.getPublic()).getW(), ((ECPublicKey) loaded.getPublic()).getW());
        // the public block may come first as well
        GrantKeyLoader.current(TestKeys.signingKey(TestKeys.publicPem(pair) + TestKeys.privatePem(pair))).orElseThrow();
    }

    @Test
    void nothingConfiguredIsEmpty() {
        assertTrue(GrantKeyLoader.current(TestKeys.grantConfig(null, null, null, null)).isEmpty());
    }

    @Test
    void readsTheBundleFromAFile() throws Exception {
        KeyPair pair = TestKeys.newPair();
        Path file = Files.createTempFile("wg-grant-key", ".pem");
        Files.writeString(file, TestKeys.bundle(pair));

        KeyPair loaded = GrantKeyLoader.current(TestKeys.grantConfig(null, file.toString(), null, null)).orElseThrow();

        assertArrayEquals(pair.getPublic().getEncoded(), loaded.getPublic().getEncoded());
        refused(() -> GrantKeyLoader.current(TestKeys.grantConfig(null, "/nonexistent/wg-key.pem", null, null)),
                "wg.grant.signing-key-location", "cannot be read");
    }

    @Test
    void refusesAPrivateKeyWithoutItsPublicBlockWithAClearMessage() throws Exception {
        KeyPair pair = TestKeys.newPair();
        refused(() -> GrantKeyLoader.current(TestKeys.signingKey(TestKeys.privatePem(pair))),
                "wg.grant.signing-key", "no PUBLIC KEY block", pair);
    }

    @Test
    void refusesAPublicBlockOfAnotherKeyWithAClearMessage() throws Exception {
        KeyPair pair = TestKeys.newPair();
        KeyPair other = TestKeys.newPair();
        refused(() -> GrantKeyLoader.current(TestKeys.signingKey(TestKeys.privatePem(pair) + TestKeys.publicPem(other))),
                "wg.grant.signing-key", "does not belong to the PRIVATE KEY", pair, other);

        Path file = Files.createTempFile("wg-grant-key", ".pem");
        Files.writeString(file, TestKeys.privatePem(pair) + TestKeys.publicPem(other));
        refused(() -> GrantKeyLoader.current(TestKeys.grantConfig(null, file.toString(), null, null)),
                "wg.grant.signing-key-location (" + file + ")", "does not belong to the PRIVATE KEY", pair, other);
    }

    @Test
    void refusesWhatIsNotAPkcs8EcP256BundleWithAClearMessage() throws Exception {
        KeyPair pair = TestKeys.newPair();
        String publicBlock = TestKeys.publicPem(pair);
        refused(() -> GrantKeyLoader.current(TestKeys.signingKey(
                        TestKeys.block("EC PRIVATE KEY", pair.getPrivate().getEncoded()) + publicBlock)),
                "wg.grant.signing-key", "no unencrypted PKCS#8 PRIVATE KEY block", pair);
        refused(() -> GrantKeyLoader.current(TestKeys.signingKey("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg")),
                "wg.grant.signing-key", "holds no PEM block");
        refused(() -> GrantKeyLoader.current(TestKeys.signingKey(
                        "-----BEGIN PRIVATE KEY-----\nnot*base64\n-----END PRIVATE KEY-----\n" + publicBlock)),
                "wg.grant.signing-key", "not valid base64");
        refused(() -> GrantKeyLoader.current(TestKeys.signingKey(TestKeys.bundle(pair) + TestKeys.privatePem(pair))),
                "wg.grant.signing-key", "more than one PRIVATE KEY block", pair);

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaPair = rsa.generateKeyPair();
        refused(() -> GrantKeyLoader.current(TestKeys.signingKey(TestKeys.bundle(rsaPair))),
                "wg.grant.signing-key", "PRIVATE KEY block is not an EC P-256 key", rsaPair);

        KeyPair p384 = TestKeys.ecPair("secp384r1");
        refused(() -> GrantKeyLoader.current(TestKeys.signingKey(TestKeys.bundle(p384))),
                "wg.grant.signing-key", "another curve than P-256", p384);

        refused(() -> GrantKeyLoader.current(TestKeys.grantConfig(TestKeys.bundle(pair), "/etc/wg/key.pem", null, null)),
                "configure either wg.grant.signing-key or wg.grant.signing-key-location", "not both", pair);
    }

    @Test
    void previousKeysFromValuesAndADirectoryArePublicKeysOrBundles() throws Exception {
        KeyPair older = TestKeys.newPair();
        KeyPair oldest = TestKeys.newPair();
        KeyPair fromDir = TestKeys.newPair();
        KeyPair bundled = TestKeys.newPair();
        Path dir = Files.createTempDirectory("wg-prev-keys");
        Files.writeString(dir.resolve("2026-10.pem"), TestKeys.publicPem(fromDir));
        Files.writeString(dir.resolve("2026-11.pem"), TestKeys.bundle(bundled));
        // a Secret volume's bookkeeping and other files are skipped
        Files.writeString(dir.resolve("..data"), "not a key");
        Files.writeString(dir.resolve("README.txt"), "not a key either");

        List<ECPublicKey> previous = GrantKeyLoader.previous(TestKeys.grantConfig(null, null,
                List.of(TestKeys.publicPem(older), TestKeys.bundle(oldest)), dir.toString()));

        assertEquals(List.of(older, oldest, fromDir, bundled).stream()
                        .map(p -> ((ECPublicKey) p.getPublic()).getW()).toList(),
                previous.stream().map(ECPublicKey::getW).toList());
    }

    @Test
    void refusesAPreviousKeyWithoutPublicBlockOrNotEcP256WithTheEntryNamed() throws Exception {
        KeyPair pair = TestKeys.newPair();
        refused(() -> GrantKeyLoader.previous(TestKeys.grantConfig(null, null,
                        List.of(TestKeys.publicPem(TestKeys.newPair()), TestKeys.privatePem(pair)), null)),
                "wg.grant.previous-keys[1]", "no PUBLIC KEY block", pair);

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaPair = rsa.generateKeyPair();
        refused(() -> GrantKeyLoader.previous(TestKeys.grantConfig(null, null, List.of(TestKeys.publicPem(rsaPair)), null)),
                "wg.grant.previous-keys[0]", "PUBLIC KEY block is not an EC P-256 key", rsaPair);

        Path dir = Files.createTempDirectory("wg-prev-keys");
        Files.writeString(dir.resolve("2026-09.pem"), TestKeys.privatePem(pair));
        refused(() -> GrantKeyLoader.previous(TestKeys.grantConfig(null, null, null, dir.toString())),
                "wg.grant.previous-keys-location (2026-09.pem)", "no PUBLIC KEY block", pair);

        refused(() -> GrantKeyLoader.previous(TestKeys.grantConfig(null, null, null, "/nonexistent/wg-keys")),
                "wg.grant.previous-keys-location", "does not exist");
    }
}
