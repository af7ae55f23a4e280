package com.waybillguard.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The local stack's stand-in for the Kubernetes Secrets: key pairs written as the services expect them (the PKCS#8
 * {@code PRIVATE KEY} PEM block followed by the matching {@code PUBLIC KEY} block), the services' stream keys and
 * the data stores' passwords, in files under {@code dataDir/secrets} readable by their owner only. Never committed.
 */
final class StackSecrets {

    private static final int PEM_LINE_LENGTH = 64;

    private StackSecrets() {
    }

    /**
     * The gateway's grant signing key (access-gateway/README.md, "Grant keys and rotation"): a fresh EC P-256 key
     * pair per start, so that every gateway replica of the stack signs with the same key, and no grant outlives
     * the stack that issued it.
     */
    static Path grantSigningKey(Path dataDir) throws IOException {
        Path file = secrets(dataDir).resolve("grant-signing-key.pem");
        Files.deleteIfExists(file);
        write(file, newPair("EC", "secp256r1"));
        return file;
    }

    /**
     * audit-service's checkpoint signing key (audit-service/README.md, "Checkpoint keys"): an Ed25519 key pair
     * generated on the first start of a data directory and kept with its data, so that every checkpoint the stack
     * ever signed still verifies after a restart.
     */
    static Path checkpointSigningKey(Path dataDir) throws IOException {
        Path file = secrets(dataDir).resolve("checkpoint-signing-key.pem");
        if (!Files.exists(file)) {
            write(file, newPair("Ed25519", null));
        }
        return file;
    }

    /**
     * A service's key for signing its audit stream entries (HMAC-SHA256, docs/internals.md, "Signed entries"): 32
     * random bytes, base64, generated on the first start of a data directory and kept, so that entries a service
     * appended before a restart still verify when audit-service ingests them after it.
     */
    static String streamKey(Path dataDir, String service) throws IOException {
        return randomSecret(dataDir, "stream-key-" + service, Base64.getEncoder());
    }

    /**
     * The password of a data store user ({@code redis-<user>}, {@code postgres-<role>}): 32 random bytes, base64url
     * without padding (safe in a URL), generated on the first start of a data directory and kept with its data.
     */
    static String password(Path dataDir, String name) throws IOException {
        return randomSecret(dataDir, "password-" + name, Base64.getUrlEncoder().withoutPadding());
    }

    /** The file of a secret made by {@link #password}, for tools that read it themselves ({@code REDISCLI_AUTH}). */
    static Path passwordFile(Path dataDir, String name) {
        return dataDir.resolve("secrets").resolve("password-" + name);
    }

    private static String randomSecret(Path dataDir, String name, Base64.Encoder encoding) throws IOException {
        Path file = secrets(dataDir).resolve(name);
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, encoding.encodeToString(secret), StandardCharsets.US_ASCII);
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    private static Path secrets(Path dataDir) throws IOException {
        return Files.createDirectories(dataDir.resolve("secrets"));
    }

    private static void write(Path file, KeyPair pair) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded())
                + pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
    }

    private static KeyPair newPair(String algorithm, String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key pair", e);
        }
    }

    /** One PEM block (RFC 7468): PKCS#8 for the private key, SubjectPublicKeyInfo for the public key. */
    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(PEM_LINE_LENGTH, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
