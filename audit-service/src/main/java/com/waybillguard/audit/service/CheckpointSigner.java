package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.domain.CheckpointPage;
import com.waybillguard.audit.domain.JwkThumbprint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ed25519 signing of checkpoints with the configured key ({@code wg.audit.checkpoint.key-location}), and
 * verification against the keys this service trusts: the current one and the configured retired ones. Key ids are
 * RFC 7638 thumbprints, so a key id names exactly one public key. Keys stored in the database are never trusted:
 * whoever can write the database could add their own.
 */
@ApplicationScoped
public class CheckpointSigner {

    /** JDK name of the signature algorithm. */
    public static final String ALGORITHM = "Ed25519";

    private static final Logger LOG = Logger.getLogger(CheckpointSigner.class);
    private static final byte[] PROBE = "checkpoint key probe".getBytes(StandardCharsets.US_ASCII);

    private final KeyPair current;
    private final String currentKeyId;
    /** Key id → public key: the current key first, then the retired ones. */
    private final Map<String, PublicKey> trusted = new LinkedHashMap<>();

    @Inject
    public CheckpointSigner(AuditConfig config) {
        this(config.checkpoint().keyLocation().orElseThrow(() -> new IllegalStateException(
                        "wg.audit.checkpoint.key-location is not set: audit-service needs its checkpoint signing key"
                                + " (an Ed25519 key pair in PEM, from a Secret)")),
                config.checkpoint().retiredPublicKeys().orElse(List.of()), config.checkpoint().generateMissingKey());
    }

    CheckpointSigner(Path keyLocation, List<String> retiredPublicKeys, boolean generateMissingKey) {
        this.current = CheckpointKeyFile.read(keyLocation, generateMissingKey);
        this.currentKeyId = JwkThumbprint.ofEd25519(current.getPublic().getEncoded());
        trusted.put(currentKeyId, current.getPublic());
        for (String spki : retiredPublicKeys) {
            PublicKey retired = publicKey(spki.trim());
            trusted.putIfAbsent(JwkThumbprint.ofEd25519(retired.getEncoded()), retired);
        }
        LOG.infof("checkpoints are signed with key %s; %d retired key(s) still verify", currentKeyId, trusted.size() - 1);
    }

    /** Base64 signature of the current key over the UTF-8 bytes of {@code payload}. */
    public String sign(String payload) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(current.getPrivate());
            signature.update(payload.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a checkpoint", e);
        }
    }

    /** Whether {@code signatureBase64} is the signature over {@code payload} of the trusted key {@code keyId}. */
    public boolean verify(String keyId, String payload, String signatureBase64) {
        PublicKey key = keyId == null ? null : trusted.get(keyId);
        if (key == null || signatureBase64 == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(payload.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public String keyId() {
        return currentKeyId;
    }

    /** The public keys that verify checkpoints, the current one first. */
    public List<CheckpointPage.PublicKey> publicKeys() {
        List<CheckpointPage.PublicKey> keys = new ArrayList<>(trusted.size());
        trusted.forEach((id, key) -> keys.add(new CheckpointPage.PublicKey(id, ALGORITHM,
                Base64.getEncoder().encodeToString(key.getEncoded()), id.equals(currentKeyId))));
        return keys;
    }

    /** Whether the two halves of {@code pair} belong together (a probe signed with one verifies with the other). */
    static boolean belongTogether(KeyPair pair) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(pair.getPrivate());
            signer.update(PROBE);
            byte[] signed = signer.sign();
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(pair.getPublic());
            verifier.update(PROBE);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PublicKey publicKey(String spkiBase64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(spkiBase64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("wg.audit.checkpoint.retired-public-keys holds a value that is not a base64"
                    + " Ed25519 SubjectPublicKeyInfo", e);
        }
    }
}
