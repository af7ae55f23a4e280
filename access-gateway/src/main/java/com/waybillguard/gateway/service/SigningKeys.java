package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The EC P-256 keys of grants. The current key pair signs; it comes from configuration
 * ({@code wg.grant.signing-key} or {@code wg.grant.signing-key-location}, PKCS#8 PEM) or, when none is
 * configured, is generated at start. Keys of earlier rotations ({@code wg.grant.previous-keys},
 * {@code wg.grant.previous-keys-location}) only verify: they are published in the JWK Set next to the
 * current key so that grants signed before a rotation stay valid until they expire. Every key id is
 * the RFC 7638 thumbprint of the public key; only key ids are logged.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    /** A public key that verifies grants, with its key id. */
    public record VerificationKey(String keyId, ECPublicKey publicKey) {
    }

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final String CURVE = "secp256r1";
    private static final int COORDINATE_BYTES = 32;
    private static final String PUBLIC_PEM = "-----BEGIN PUBLIC KEY-----";

    private final ECPrivateKey privateKey;
    private final ECPublicKey publicKey;
    private final String keyId;
    private final List<VerificationKey> verificationKeys;

    public SigningKeys(GatewayConfig config) {
        KeyPair pair = load(config.grant());
        this.privateKey = (ECPrivateKey) pair.getPrivate();
        this.publicKey = (ECPublicKey) pair.getPublic();
        checkPair(privateKey, publicKey);
        this.keyId = thumbprint(publicKey);
        this.verificationKeys = verificationKeys(new VerificationKey(keyId, publicKey), previous(config.grant()));
        LOG.infof("grant signing key ready, kid=%s; previous keys still verifying: %s", keyId,
                verificationKeys.subList(1, verificationKeys.size()).stream().map(VerificationKey::keyId).toList());
    }

    public ECPrivateKey privateKey() {
        return privateKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The current key first, then the previous keys (each once), all of which verify grants. */
    public List<VerificationKey> verificationKeys() {
        return verificationKeys;
    }

    /** The JWK Set that verifies grants (public parts only): the current key and the previous ones. */
    public Map<String, Object> jwks() {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (VerificationKey key : verificationKeys) {
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("x", coordinate(key.publicKey().getW().getAffineX()));
            jwk.put("y", coordinate(key.publicKey().getW().getAffineY()));
            jwk.put("kid", key.keyId());
            jwk.put("use", "sig");
            jwk.put("alg", "ES256");
            keys.add(jwk);
        }
        return Map.of("keys", List.copyOf(keys));
    }

    /** The current key plus the previous ones, without duplicates (a previous key equal to the current is dropped). */
    static List<VerificationKey> verificationKeys(VerificationKey current, List<ECPublicKey> previous) {
        Map<String, VerificationKey> byId = new LinkedHashMap<>();
        byId.put(current.keyId(), current);
        for (ECPublicKey key : previous) {
            String id = thumbprint(key);
            if (byId.containsKey(id)) {
                LOG.warnf("previous grant key kid=%s is listed twice or equals the current key; published once", id);
            } else {
                byId.put(id, new VerificationKey(id, key));
            }
        }
        return List.copyOf(byId.values());
    }

    /** Public keys of earlier rotations from {@code wg.grant.previous-keys} and {@code -location}. */
    static List<ECPublicKey> previous(GatewayConfig.Grant grant) {
        List<ECPublicKey> keys = new ArrayList<>();
        List<String> values = grant.previousKeys().orElse(List.of());
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).isBlank()) {
                keys.add(publicFromPem(values.get(i), "wg.grant.previous-keys[" + i + "]"));
            }
        }
        if (grant.previousKeysLocation().isPresent()) {
            Path location = Path.of(grant.previousKeysLocation().get());
            for (Path file : pemFiles(location)) {
                try {
                    String pem = Files.readString(file, StandardCharsets.US_ASCII);
                    keys.add(publicFromPem(pem, "wg.grant.previous-keys-location (" + file.getFileName() + ")"));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read wg.grant.previous-keys-location: " + file, e);
                }
            }
        }
        return keys;
    }

    /** The visible {@code *.pem} files of a directory by name (Secret volume {@code ..data} skipped), or the file. */
    private static List<Path> pemFiles(Path location) {
        if (!Files.exists(location)) {
            throw new IllegalStateException("wg.grant.previous-keys-location does not exist: " + location);
        }
        if (!Files.isDirectory(location)) {
            return List.of(location);
        }
        try (Stream<Path> files = Files.list(location)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> f.getFileName().toString().endsWith(".pem"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(f -> f.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list wg.grant.previous-keys-location: " + location, e);
        }
    }

    /** The EC P-256 public key of a PEM holding a public key (SPKI) or a PKCS#8 private key. */
    static ECPublicKey publicFromPem(String pem, String property) {
        try {
            if (!pem.contains(PUBLIC_PEM)) {
                return (ECPublicKey) fromPem(pem, property).getPublic();
            }
            String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(property + " is not valid PEM");
            }
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
            if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256
                    || !onCurve(ec)) {
                throw new IllegalStateException(property + " must be an EC P-256 public key");
            }
            return ec;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    property + " must be an EC P-256 key in PEM (BEGIN PUBLIC KEY or BEGIN PRIVATE KEY)");
        }
    }

    private static boolean onCurve(ECPublicKey key) {
        ECParameterSpec params = key.getParams();
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger x = key.getW().getAffineX();
        BigInteger y = key.getW().getAffineY();
        BigInteger left = y.pow(2).mod(p);
        BigInteger right = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    private static KeyPair load(GatewayConfig.Grant grant) {
        if (grant.signingKey().isPresent() && grant.signingKeyLocation().isPresent()) {
            throw new IllegalStateException(
                    "configure either wg.grant.signing-key or wg.grant.signing-key-location, not both");
        }
        try {
            if (grant.signingKey().isPresent()) {
                return fromPem(grant.signingKey().get(), "wg.grant.signing-key");
            }
            if (grant.signingKeyLocation().isPresent()) {
                String location = grant.signingKeyLocation().get();
                String pem = Files.readString(Path.of(location), StandardCharsets.US_ASCII);
                return fromPem(pem, "wg.grant.signing-key-location");
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE));
            LOG.info("no grant signing key configured: generated an ephemeral EC P-256 key pair");
            return generator.generateKeyPair();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read wg.grant.signing-key-location", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the grant signing key", e);
        }
    }

    static KeyPair fromPem(String pem, String property) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        if (base64.isEmpty() || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalStateException(property + " must be an unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not valid PEM");
        }
        KeyFactory factory = KeyFactory.getInstance("EC");
        ECPrivateKey key = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(der));
        ECParameterSpec params = key.getParams();
        if (params.getCurve().getField().getFieldSize() != 256 || params.getCofactor() != 1) {
            throw new IllegalStateException(property + " must be an EC P-256 key");
        }
        ECPoint w = multiply(params, key.getS());
        ECPublicKey pub = (ECPublicKey) factory.generatePublic(new ECPublicKeySpec(w, params));
        return new KeyPair(pub, key);
    }

    /** Scalar multiplication d·G on a prime curve (affine double-and-add), run once at start. */
    private static ECPoint multiply(ECParameterSpec params, BigInteger d) {
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        BigInteger a = params.getCurve().getA();
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = params.getGenerator();
        for (int i = 0; i < d.bitLength(); i++) {
            if (d.testBit(i)) {
                result = add(result, addend, p, a);
            }
            addend = add(addend, addend, p, a);
        }
        return result;
    }

    private static ECPoint add(ECPoint q, ECPoint r, BigInteger p, BigInteger a) {
        if (q.equals(ECPoint.POINT_INFINITY)) {
            return r;
        }
        if (r.equals(ECPoint.POINT_INFINITY)) {
            return q;
        }
        BigInteger lambda;
        if (q.getAffineX().equals(r.getAffineX())) {
            if (q.getAffineY().add(r.getAffineY()).mod(p).signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            BigInteger x = q.getAffineX();
            lambda = x.pow(2).multiply(BigInteger.valueOf(3)).add(a)
                    .multiply(q.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
        } else {
            lambda = r.getAffineY().subtract(q.getAffineY())
                    .multiply(r.getAffineX().subtract(q.getAffineX()).modInverse(p)).mod(p);
        }
        BigInteger x3 = lambda.pow(2).subtract(q.getAffineX()).subtract(r.getAffineX()).mod(p);
        BigInteger y3 = lambda.multiply(q.getAffineX().subtract(x3)).subtract(q.getAffineY()).mod(p);
        return new ECPoint(x3, y3);
    }

    private static void checkPair(ECPrivateKey priv, ECPublicKey pub) {
        try {
            byte[] probe = "wg-key-check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(priv);
            signer.update(probe);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(pub);
            verifier.update(probe);
            if (!verifier.verify(sig)) {
                throw new IllegalStateException("grant signing key pair does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("grant signing key pair is unusable", e);
        }
    }

    static String thumbprint(ECPublicKey key) {
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(key.getW().getAffineX())
                + "\",\"y\":\"" + coordinate(key.getW().getAffineY()) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String coordinate(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[COORDINATE_BYTES];
        int copy = Math.min(raw.length, COORDINATE_BYTES);
        System.arraycopy(raw, raw.length - copy, fixed, COORDINATE_BYTES - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}
