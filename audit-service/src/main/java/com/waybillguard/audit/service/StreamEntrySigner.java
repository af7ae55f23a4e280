package com.waybillguard.audit.service;

import com.waybillguard.audit.config.AuditConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signed stream entries (docs/internals.md, "Signed entries"). Every entry carries, beside {@code event}, the fields
 * {@code kid} and {@code sig}: {@code sig} is base64url (no padding) of HMAC-SHA256 over the UTF-8 bytes of the
 * {@code event} value with the producing service's own key, and {@code kid} names that key: the first 16
 * characters of base64url(SHA-256(key)). Each service holds only its own key; audit-service holds every producer's
 * and accepts an entry only when its key belongs to the service its {@code source} names. So whoever can write to
 * Redis, or a compromised waybill-service, cannot put an event into the chain in another service's name.
 */
@ApplicationScoped
public class StreamEntrySigner {

    /** Field of an entry naming the signing key. */
    public static final String KEY_ID = "kid";
    /** Field of an entry holding the signature. */
    public static final String SIGNATURE = "sig";

    private static final String HMAC = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;
    private static final Logger LOG = Logger.getLogger(StreamEntrySigner.class);

    /** A producer's key. */
    private record Key(String source, SecretKeySpec secret, String id) {
    }

    /** The outcome of checking an entry's signature: the source its key belongs to, or why it is refused. */
    public record Checked(String source, String error) {
        public boolean authentic() {
            return error == null;
        }
    }

    private final Key own;
    private final Map<String, Key> byId = new HashMap<>();

    @Inject
    public StreamEntrySigner(AuditConfig config) {
        this(config.signingKey(), Map.of(
                "access-gateway", config.streamKeys().accessGateway().orElse(List.of()),
                "waybill-service", config.streamKeys().waybillService().orElse(List.of()),
                OwnEvent.SOURCE, config.streamKeys().auditService().orElse(List.of())));
    }

    StreamEntrySigner(String signingKey, Map<String, List<String>> producerKeys) {
        this.own = key(OwnEvent.SOURCE, signingKey, "wg.audit.signing-key");
        byId.put(own.id(), own);
        producerKeys.forEach((source, keys) -> keys.forEach(value -> {
            Key key = key(source, value, "wg.audit.stream-keys." + source);
            Key earlier = byId.putIfAbsent(key.id(), key);
            if (earlier != null && !earlier.source().equals(source)) {
                throw new IllegalStateException("the same stream key is configured for " + earlier.source() + " and " + source
                        + ": each service needs a key of its own");
            }
        }));
        LOG.infof("stream entries are signed with key %s; %d key(s) verify entries", own.id(), byId.size());
    }

    /** The fields of a stream entry carrying {@code eventJson}, signed with this service's key. */
    public Map<String, String> entry(String eventJson) {
        return Map.of(StreamIngestor.EVENT_FIELD, eventJson, KEY_ID, own.id(), SIGNATURE, sign(own, eventJson));
    }

    /** This service's key id and signature of {@code eventJson}, for an entry a Redis script appends. */
    public List<String> keyIdAndSignature(String eventJson) {
        return List.of(own.id(), sign(own, eventJson));
    }

    /** Checks the signature of an entry whose {@code event} value is {@code eventJson}. */
    public Checked check(String eventJson, String keyId, String signature) {
        if (keyId == null || signature == null) {
            return new Checked(null, "the entry is not signed");
        }
        Key key = byId.get(keyId);
        if (key == null) {
            return new Checked(null, "the entry is signed with an unknown key");
        }
        byte[] expected = sign(key, eventJson == null ? "" : eventJson).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Checked(key.source(), "the signature does not match the entry");
        }
        return new Checked(key.source(), null);
    }

    private static String sign(Key key, String eventJson) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key.secret());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(eventJson.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static Key key(String source, String base64, String property) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not base64", e);
        }
        if (secret.length < MIN_KEY_BYTES) {
            throw new IllegalStateException(property + " must hold at least " + MIN_KEY_BYTES + " random bytes");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
            return new Key(source, new SecretKeySpec(secret, HMAC), id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
