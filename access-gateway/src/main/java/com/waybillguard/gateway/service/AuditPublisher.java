package com.waybillguard.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.AuditEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.transactions.TransactionResult;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Appends audit events to the Redis stream with a bounded timeout; a failure fails closed (503). Every entry is signed
 * with this service's own key (docs/internals.md, "Signed entries"): fields {@code event}, {@code kid} (the first 16
 * characters of base64url(SHA-256(key))) and {@code sig} (base64url HMAC-SHA256 of the {@code event} text), so that
 * audit-service chains only what this service wrote in its name.
 */
@ApplicationScoped
public class AuditPublisher {

    private static final String HMAC = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;
    private final ObjectMapper json;
    private final SecretKeySpec key;
    private final String keyId;

    /** An event as the stream entry carries it: its JSON, the key id and the signature. */
    public record SignedEntry(String event, String keyId, String signature) {
        Map<String, String> fields() {
            return Map.of("event", event, "kid", keyId, "sig", signature);
        }
    }

    public AuditPublisher(ReactiveRedisDataSource redis, GatewayConfig config, ObjectMapper json) {
        this.redis = redis;
        this.config = config;
        this.json = json;
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(config.audit().signingKey().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("wg.audit.signing-key is not base64", e);
        }
        if (secret.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("wg.audit.signing-key must hold at least " + MIN_KEY_BYTES + " random bytes");
        }
        this.key = new SecretKeySpec(secret, HMAC);
        try {
            this.keyId = base64url(MessageDigest.getInstance("SHA-256").digest(secret)).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** {@code event} serialised and signed, as {@link #append} writes it (and {@link GrantAdmission} appends it). */
    public SignedEntry signed(AuditEvent event) {
        String body = json(event);
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return new SignedEntry(body, keyId, base64url(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stream entry's {@code event} field for an event. */
    String json(AuditEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit event not serialisable", e);
        }
    }

    public Uni<Void> append(AuditEvent event) {
        SignedEntry entry = signed(event);
        return RedisCalls.bounded(
                redis.stream(String.class).xadd(config.audit().stream(), entry.fields()),
                config.audit().appendTimeout(), "audit append").replaceWithVoid();
    }

    /**
     * Appends several events in their order in one {@code MULTI}/{@code EXEC}: all of them or none, bounded like one
     * append; a failure fails closed (503).
     */
    public Uni<Void> appendAll(List<AuditEvent> events) {
        if (events.size() == 1) {
            return append(events.get(0));
        }
        List<SignedEntry> entries = new ArrayList<>();
        for (AuditEvent event : events) {
            entries.add(signed(event));
        }
        Uni<TransactionResult> transaction = redis.withTransaction(tx -> {
            Uni<Void> queued = Uni.createFrom().voidItem();
            for (SignedEntry entry : entries) {
                queued = queued.chain(() -> tx.stream(String.class).xadd(config.audit().stream(), entry.fields()));
            }
            return queued;
        });
        return RedisCalls.bounded(transaction.invoke(result -> {
            if (result.discarded() || result.size() != entries.size()) {
                throw new IllegalStateException("audit transaction discarded");
            }
        }), config.audit().appendTimeout(), "audit append").replaceWithVoid();
    }
}
