package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The EC P-256 keys of grants: the current key pair signs, keys of earlier rotations only verify; all are
 * published in the JWK Set, the current one first, so that grants signed before a rotation stay valid until
 * they expire. Loaded at start by {@link GrantKeyLoader}; with no key configured a pair is generated (local
 * runs). Only key ids are logged.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    /** A public key that verifies grants, with its key id. */
    public record VerificationKey(String keyId, ECPublicKey publicKey) {
    }

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final ECPrivateKey privateKey;
    private final String keyId;
    private final List<VerificationKey> verificationKeys;
    private final Map<String, Object> jwks;

    public SigningKeys(GatewayConfig config) {
        KeyPair pair = GrantKeyLoader.current(config.grant()).orElseGet(() -> {
            LOG.info("no grant signing key configured: generated an ephemeral EC P-256 key pair");
            return EcKeys.generate();
        });
        this.privateKey = (ECPrivateKey) pair.getPrivate();
        ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
        this.keyId = JwkSet.keyId(publicKey);
        this.verificationKeys = verificationKeys(new VerificationKey(keyId, publicKey),
                GrantKeyLoader.previous(config.grant()));
        this.jwks = JwkSet.of(verificationKeys);
        LOG.infof("grant signing key ready, kid=%s; previous keys still verifying: %s", keyId,
                verificationKeys.subList(1, verificationKeys.size()).stream().map(VerificationKey::keyId).toList());
    }

    /** The key that signs grants. */
    public ECPrivateKey privateKey() {
        return privateKey;
    }

    /** The {@code kid} of the signing key. */
    public String keyId() {
        return keyId;
    }

    /** The current key first, then the previous keys (each once), all of which verify grants. */
    public List<VerificationKey> verificationKeys() {
        return verificationKeys;
    }

    /** The JWK Set that verifies grants (public parts only). */
    public Map<String, Object> jwks() {
        return jwks;
    }

    /** The current key plus the previous ones, each once (a previous key equal to the current one is dropped). */
    static List<VerificationKey> verificationKeys(VerificationKey current, List<ECPublicKey> previous) {
        Map<String, VerificationKey> byId = new LinkedHashMap<>();
        byId.put(current.keyId(), current);
        for (ECPublicKey key : previous) {
            String id = JwkSet.keyId(key);
            if (byId.containsKey(id)) {
                LOG.warnf("previous grant key kid=%s is listed twice or equals the current key; published once", id);
            } else {
                byId.put(id, new VerificationKey(id, key));
            }
        }
        return List.copyOf(byId.values());
    }
}
