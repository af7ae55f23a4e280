package com.waybillguard.audit.service;

import com.waybillguard.audit.domain.CheckpointPage;
import com.waybillguard.audit.domain.JwkThumbprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checkpoint key: kept in its file across restarts, named by its thumbprint, retired keys still verify. */
class CheckpointSignerTest {

    private static final String TEXT = "wg-checkpoint-v2|42|" + "ab".repeat(32) + "|2026-11-30T09:00:00Z|" + "0".repeat(64);

    @TempDir
    Path dir;

    @Test
    void aKeyCreatedOnceSignsAcrossRestartsUnderItsThumbprint() throws Exception {
        Path file = dir.resolve("secrets/checkpoint.pem");
        CheckpointSigner first = new CheckpointSigner(file, List.of(), true);
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
        String signature = first.sign(TEXT);

        CheckpointSigner restarted = new CheckpointSigner(file, List.of(), false);
        assertEquals(first.keyId(), restarted.keyId(), "the same file is the same key");
        assertTrue(restarted.verify(first.keyId(), TEXT, signature), "a checkpoint signed before the restart verifies");
        assertFalse(restarted.verify(first.keyId(), TEXT.replace("|42|", "|43|"), signature), "an altered text does not");

        CheckpointPage.PublicKey published = restarted.publicKeys().get(0);
        assertEquals(restarted.keyId(), JwkThumbprint.ofEd25519(Base64.getDecoder().decode(published.spki())),
                "the key id is the RFC 7638 thumbprint of the published key");
        assertTrue(published.current());
    }

    @Test
    void retiredKeysStayPublishedAndVerifyButNeverSign() {
        CheckpointSigner old = new CheckpointSigner(dir.resolve("old.pem"), List.of(), true);
        String oldSignature = old.sign(TEXT);
        String oldSpki = old.publicKeys().get(0).spki();

        CheckpointSigner rotated = new CheckpointSigner(dir.resolve("new.pem"), List.of(oldSpki), true);
        assertNotEquals(old.keyId(), rotated.keyId());
        assertTrue(rotated.verify(old.keyId(), TEXT, oldSignature), "a checkpoint of the retired key still verifies");
        List<CheckpointPage.PublicKey> keys = rotated.publicKeys();
        assertEquals(List.of(rotated.keyId(), old.keyId()), keys.stream().map(CheckpointPage.PublicKey::keyId).toList());
        assertEquals(List.of(true, false), keys.stream().map(CheckpointPage.PublicKey::current).toList());
        assertFalse(rotated.verify(rotated.keyId(), TEXT, oldSignature), "a signature is checked with the key its id names");

        CheckpointSigner forgetful = new CheckpointSigner(dir.resolve("new.pem"), List.of(), false);
        assertFalse(forgetful.verify(old.keyId(), TEXT, oldSignature), "a key that is not configured is not trusted");
        assertFalse(forgetful.verify(null, TEXT, oldSignature));
        assertFalse(forgetful.verify(forgetful.keyId(), TEXT, "not base64!"));
    }

    @Test
    void aMissingOrMismatchedKeyStopsTheStart() throws Exception {
        assertThrows(IllegalStateException.class, () -> new CheckpointSigner(dir.resolve("absent.pem"), List.of(), false),
                "without generate-missing-key a missing file is an error, never a fresh key");

        new CheckpointSigner(dir.resolve("a.pem"), List.of(), true);
        new CheckpointSigner(dir.resolve("b.pem"), List.of(), true);
        String a = Files.readString(dir.resolve("a.pem"));
        String b = Files.readString(dir.resolve("b.pem"));
        String mixed = a.substring(0, a.indexOf("-----BEGIN PUBLIC KEY")) + b.substring(b.indexOf("-----BEGIN PUBLIC KEY"));
        Files.writeString(dir.resolve("mixed.pem"), mixed);
        IllegalStateException mismatch = assertThrows(IllegalStateException.class,
                () -> new CheckpointSigner(dir.resolve("mixed.pem"), List.of(), false));
        assertTrue(mismatch.getMessage().contains("not the PRIVATE KEY's"), mismatch.getMessage());

        Files.writeString(dir.resolve("half.pem"), a.substring(0, a.indexOf("-----BEGIN PUBLIC KEY")));
        assertThrows(IllegalStateException.class, () -> new CheckpointSigner(dir.resolve("half.pem"), List.of(), false));
        assertThrows(IllegalStateException.class, () -> new CheckpointSigner(dir.resolve("a.pem"), List.of("bm90IGEga2V5"), false),
                "a retired key that is not an Ed25519 key stops the start");
    }
}
