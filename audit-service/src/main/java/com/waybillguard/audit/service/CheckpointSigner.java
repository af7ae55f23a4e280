package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 signing of checkpoints, with the configured key or one generated at start. */
@ApplicationScoped
public class CheckpointSigner {

    /** JDK name of the signature algorithm. */
    public static final String ALGORITHM = "Ed25519";

    private static final Logger LOG = Logger.getLogger(CheckpointSigner.class);

    private final KeyPair keys;
    private final String keyId;

    public CheckpointSigner(AuditConfig config) {
        AuditConfig.Checkpoint checkpoint = config.checkpoint();
        this.keyId = checkpoint.keyId();
        try {
            if (checkpoint.privateKey().isPresent() && checkpoint.publicKey().isPresent()) {
                KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
                PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(checkpoint.privateKey().get())));
                PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(checkpoint.publicKey().get())));
                this.keys = new KeyPair(publicKey, privateKey);
            } else {
                this.keys = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
                LOG.info("no checkpoint signing key configured (wg.audit.checkpoint.private-key/public-key): generated one for this run");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("wg.audit.checkpoint.private-key/public-key is not a valid base64 Ed25519 key pair", e);
        }
    }

    /** Base64 signature over the UTF-8 bytes of {@code payload}. */
    public String sign(String payload) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(keys.getPrivate());
            signature.update(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a checkpoint", e);
        }
    }

    /** Whether {@code signatureBase64} is this key's signature of {@code payload}. */
    public boolean verify(String payload, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(keys.getPublic());
            signature.update(payload.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public String publicKeySpki() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    public String keyId() {
        return keyId;
    }

    /** The signed text of a checkpoint. */
    public static String payload(long seq, String hash, java.time.Instant createdAt) {
        return seq + "|" + hash + "|" + createdAt;
    }
}
