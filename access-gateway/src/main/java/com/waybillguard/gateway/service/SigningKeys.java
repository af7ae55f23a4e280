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
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EC P-256 key pair that signs grants. Taken from configuration ({@code wg.grant.signing-key}
 * or {@code wg.grant.signing-key-location}, PKCS#8 PEM) or, when none is configured, generated at
 * start. The key id is the RFC 7638 thumbprint of the public key; only the key id is logged.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final String CURVE = "secp256r1";
    private static final int COORDINATE_BYTES = 32;

    private final ECPrivateKey privateKey;
    private final ECPublicKey publicKey;
    private final String keyId;

    public SigningKeys(GatewayConfig config) {
        KeyPair pair = load(config.grant());
        this.privateKey = (ECPrivateKey) pair.getPrivate();
        this.publicKey = (ECPublicKey) pair.getPublic();
        checkPair(privateKey, publicKey);
        this.keyId = thumbprint(publicKey);
        LOG.infof("grant signing key ready, kid=%s", keyId);
    }

    public ECPrivateKey privateKey() {
        return privateKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The JWK Set that verifies grants (public parts only). */
    public Map<String, Object> jwks() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", coordinate(publicKey.getW().getAffineX()));
        jwk.put("y", coordinate(publicKey.getW().getAffineY()));
        jwk.put("kid", keyId);
        jwk.put("use", "sig");
        jwk.put("alg", "ES256");
        return Map.of("keys", List.of(jwk));
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

    private static String thumbprint(ECPublicKey key) {
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
