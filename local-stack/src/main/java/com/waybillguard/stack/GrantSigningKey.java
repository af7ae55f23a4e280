package com.waybillguard.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The local stack's stand-in for the Kubernetes Secret that holds the grant signing key: a fresh
 * EC P-256 key pair per start, written as PKCS#8 PEM readable by its owner only, so that every
 * gateway replica of the stack signs with the same key. Never committed, never reused.
 */
final class GrantSigningKey {

    private GrantSigningKey() {
    }

    /** Generates the key and writes it to {@code dataDir/secrets/grant-signing-key.pem}. */
    static Path generate(Path dataDir) throws IOException {
        Path secrets = Files.createDirectories(dataDir.resolve("secrets"));
        Path file = secrets.resolve("grant-signing-key.pem");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, pem(), StandardCharsets.US_ASCII);
        return file;
    }

    private static String pem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the grant signing key", e);
        }
    }
}
