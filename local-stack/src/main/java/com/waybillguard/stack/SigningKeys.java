package com.waybillguard.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The local stack's stand-in for the Kubernetes Secret that holds the grant signing key: a fresh
 * EC P-256 key pair per start, written as the gateway expects its key (access-gateway/README.md,
 * "Grant keys and rotation"): the PKCS#8 {@code PRIVATE KEY} block followed by the matching
 * {@code PUBLIC KEY} block, in a file readable by its owner only, so that every gateway replica of the
 * stack signs with the same key. Never committed, never reused.
 */
final class GrantSigningKey {

    private static final int PEM_LINE_LENGTH = 64;

    private GrantSigningKey() {
    }

    /** Generates the key pair and writes it to {@code dataDir/secrets/grant-signing-key.pem}. */
    static Path generate(Path dataDir) throws IOException {
        Path secrets = Files.createDirectories(dataDir.resolve("secrets"));
        Path file = secrets.resolve("grant-signing-key.pem");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        KeyPair pair = newPair();
        Files.writeString(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                + pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        return file;
    }

    private static KeyPair newPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the grant signing key", e);
        }
    }

    /** One PEM block (RFC 7468): PKCS#8 for the private key, SubjectPublicKeyInfo for the public key. */
    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(PEM_LINE_LENGTH, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
