package com.waybillguard.gateway.service;

import org.jose4j.keys.EllipticCurves;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * EC P-256 keys through the JCA: decoding PKCS#8 and SubjectPublicKeyInfo, checking that a public key belongs
 * to a private key (a probe signed with one verifies with the other), and generating a pair. Messages name the
 * setting and never quote key material.
 */
final class EcKeys {

    /** JCA name of the only curve grants use (JOSE: P-256, for ES256). */
    static final String CURVE = "secp256r1";

    private static final String JOSE_CURVE = EllipticCurves.P_256;
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final byte[] PROBE = "waybill-guard grant key check".getBytes(StandardCharsets.US_ASCII);

    private EcKeys() {
    }

    /** The EC P-256 private key of an unencrypted PKCS#8 DER. */
    static ECPrivateKey privateKey(byte[] pkcs8, String setting) {
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(setting + ": the PRIVATE KEY block is not an EC P-256 key");
        }
        return requireP256((ECPrivateKey) key, setting, "PRIVATE KEY");
    }

    /** The EC P-256 public key of a SubjectPublicKeyInfo DER ({@code PUBLIC KEY} block). */
    static ECPublicKey publicKey(byte[] spki, String setting) {
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(setting + ": the PUBLIC KEY block is not an EC P-256 key");
        }
        return requireP256((ECPublicKey) key, setting, "PUBLIC KEY");
    }

    /** Fails unless {@code publicKey} verifies what {@code privateKey} signs. */
    static void requireMatchingPair(ECPrivateKey privateKey, ECPublicKey publicKey, String setting) {
        boolean matches;
        try {
            Signature signer = Signature.getInstance(SIGNATURE);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalStateException(setting
                    + ": the PUBLIC KEY block does not belong to the PRIVATE KEY block (they must be one key pair)");
        }
    }

    /** A fresh EC P-256 key pair. */
    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(CURVE));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate EC " + CURVE + " keys", e);
        }
    }

    private static <K extends ECKey> K requireP256(K key, String setting, String block) {
        if (!JOSE_CURVE.equals(EllipticCurves.getName(key.getParams().getCurve()))) {
            throw new IllegalStateException(setting + ": the " + block + " block is an EC key on another curve than P-256");
        }
        return key;
    }
}
