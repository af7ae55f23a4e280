package com.waybillguard.audit.service;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the checkpoint signing key from its file (and, in tests and dev mode only, creates it when missing): the PKCS#8 {@code PRIVATE KEY} PEM block of an Ed25519 key and
 * the matching {@code PUBLIC KEY} block (RFC 7468), in either order. A file that does not hold both, or whose
 * halves do not belong together, stops the start: checkpoints must never be signed with a key nobody can verify.
 */
final class CheckpointKeyFile {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private static final Logger LOG = Logger.getLogger(CheckpointKeyFile.class);
    private static final int PEM_LINE_LENGTH = 64;

    private CheckpointKeyFile() {
    }

    /** The key pair in {@code file}; when the file is missing and {@code generateMissing}, a new one written there. */
    static KeyPair read(Path file, boolean generateMissing) {
        if (generateMissing && !Files.exists(file)) {
            write(file);
        }
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the checkpoint signing key file (wg.audit.checkpoint.key-location)", e);
        }
        byte[] privateDer = null;
        byte[] publicDer = null;
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (m.group(1)) {
                case "PRIVATE KEY" -> privateDer = der;
                case "PUBLIC KEY" -> publicDer = der;
                default -> { }
            }
        }
        if (privateDer == null || publicDer == null) {
            throw new IllegalStateException("the checkpoint signing key file needs a PRIVATE KEY and a PUBLIC KEY PEM block");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance(CheckpointSigner.ALGORITHM);
            KeyPair pair = new KeyPair(factory.generatePublic(new X509EncodedKeySpec(publicDer)),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer)));
            if (!CheckpointSigner.belongTogether(pair)) {
                throw new IllegalStateException("the PUBLIC KEY in the checkpoint signing key file is not the PRIVATE KEY's");
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the checkpoint signing key file does not hold an Ed25519 key pair", e);
        }
    }

    private static void write(Path file) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(CheckpointSigner.ALGORITHM).generateKeyPair();
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded()),
                    StandardCharsets.US_ASCII);
            LOG.warnf("generated a checkpoint signing key in %s (wg.audit.checkpoint.generate-missing-key: tests and dev mode only)", file);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write a checkpoint signing key to " + file, e);
        }
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(PEM_LINE_LENGTH, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
