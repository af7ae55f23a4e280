package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads the grant keys from configuration. The current key is a PEM holding its {@code PRIVATE KEY} (PKCS#8)
 * block and the matching {@code PUBLIC KEY} block, as
 * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k.pem && openssl pkey -in k.pem -pubout >> k.pem}
 * writes it; the pair is checked. Keys of earlier rotations are {@code PUBLIC KEY} blocks (a bundle as above
 * also does: its public block is used). Anything else stops the start with a message naming the setting.
 */
final class GrantKeyLoader {

    static final String SIGNING_KEY = "wg.grant.signing-key";
    static final String SIGNING_KEY_LOCATION = "wg.grant.signing-key-location";
    static final String PREVIOUS_KEYS = "wg.grant.previous-keys";
    static final String PREVIOUS_KEYS_LOCATION = "wg.grant.previous-keys-location";

    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String PUBLIC_KEY = "PUBLIC KEY";
    private static final String PEM_SUFFIX = ".pem";

    private GrantKeyLoader() {
    }

    /** The configured current key pair, or empty when none is configured. */
    static Optional<KeyPair> current(GatewayConfig.Grant grant) {
        if (grant.signingKey().isPresent() && grant.signingKeyLocation().isPresent()) {
            throw new IllegalStateException("configure either " + SIGNING_KEY + " or " + SIGNING_KEY_LOCATION + ", not both");
        }
        if (grant.signingKey().isPresent()) {
            return Optional.of(keyPair(grant.signingKey().get(), SIGNING_KEY));
        }
        return grant.signingKeyLocation().map(location -> {
            Path file = Path.of(location);
            String setting = SIGNING_KEY_LOCATION + " (" + file + ")";
            return keyPair(read(file, setting), setting);
        });
    }

    /** The public keys of earlier rotations, from the values first, then the files in name order. */
    static List<ECPublicKey> previous(GatewayConfig.Grant grant) {
        List<ECPublicKey> keys = new ArrayList<>();
        List<String> values = grant.previousKeys().orElse(List.of());
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).isBlank()) {
                keys.add(publicKey(values.get(i), PREVIOUS_KEYS + "[" + i + "]"));
            }
        }
        if (grant.previousKeysLocation().isPresent()) {
            for (Path file : pemFiles(Path.of(grant.previousKeysLocation().get()))) {
                String setting = PREVIOUS_KEYS_LOCATION + " (" + file.getFileName() + ")";
                keys.add(publicKey(read(file, setting), setting));
            }
        }
        return keys;
    }

    /** The private key and the public key of one bundle, checked to be one pair. */
    static KeyPair keyPair(String pem, String setting) {
        List<PemReader.Block> blocks = PemReader.blocks(pem, setting);
        if (!PemReader.has(blocks, PRIVATE_KEY)) {
            throw new IllegalStateException(setting + " holds no unencrypted PKCS#8 PRIVATE KEY block"
                    + " (an EC PRIVATE KEY or ENCRYPTED PRIVATE KEY block is not accepted)");
        }
        if (!PemReader.has(blocks, PUBLIC_KEY)) {
            throw new IllegalStateException(setting + " holds no PUBLIC KEY block: append it with"
                    + " openssl pkey -in <file> -pubout >> <file>");
        }
        ECPrivateKey privateKey = EcKeys.privateKey(PemReader.single(blocks, PRIVATE_KEY, setting), setting);
        ECPublicKey publicKey = EcKeys.publicKey(PemReader.single(blocks, PUBLIC_KEY, setting), setting);
        EcKeys.requireMatchingPair(privateKey, publicKey, setting);
        return new KeyPair(publicKey, privateKey);
    }

    /** The public key of a {@code PUBLIC KEY} PEM or of a bundle. */
    static ECPublicKey publicKey(String pem, String setting) {
        List<PemReader.Block> blocks = PemReader.blocks(pem, setting);
        if (!PemReader.has(blocks, PUBLIC_KEY)) {
            throw new IllegalStateException(setting + " holds no PUBLIC KEY block: export it with"
                    + " openssl pkey -in <old key> -pubout");
        }
        return EcKeys.publicKey(PemReader.single(blocks, PUBLIC_KEY, setting), setting);
    }

    /** The visible {@code *.pem} files of a directory by name (a Secret volume's {@code ..data} skipped), or the file. */
    private static List<Path> pemFiles(Path location) {
        if (!Files.exists(location)) {
            throw new IllegalStateException(PREVIOUS_KEYS_LOCATION + " does not exist: " + location);
        }
        if (!Files.isDirectory(location)) {
            return List.of(location);
        }
        try (Stream<Path> files = Files.list(location)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> f.getFileName().toString().endsWith(PEM_SUFFIX))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(PREVIOUS_KEYS_LOCATION + " cannot be listed: " + location);
        }
    }

    private static String read(Path file, String setting) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(setting + " cannot be read");
        }
    }
}
