package com.waybillguard.waybill.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import com.waybillguard.waybill.mapping.AuditEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Appends audit events to the Redis stream with a bounded timeout; a failed append fails closed. Every entry is signed
 * with this service's own key (docs/internals.md, "Signed entries"): {@code event}, {@code kid} (the first 16
 * characters of base64url(SHA-256(key))) and {@code sig} (base64url HMAC-SHA256 of the {@code event} text).
 */
@ApplicationScoped
public class AuditPublisher {

    private static final Logger LOG = Logger.getLogger(AuditPublisher.class);
    static final String EVENT_FIELD = "event";
    private static final String HMAC = "HmacSHA256";
    private static final int MIN_KEY_BYTES = 32;

    /** An event as its stream entry carries it: the JSON, the key id and the signature. */
    record SignedEntry(String event, String keyId, String signature) {
        Map<String, String> fields() {
            return Map.of(EVENT_FIELD, event, "kid", keyId, "sig", signature);
        }

        /** The three values in the order the read script takes them. */
        void addTo(List<String> args) {
            args.add(event);
            args.add(keyId);
            args.add(signature);
        }
    }

    private final ReactiveStreamCommands<String, String, String> streams;
    private final ObjectMapper mapper;
    private final String stream;
    private final Duration timeout;
    private final Counter failures;
    private final SecretKeySpec key;
    private final String keyId;

    AuditPublisher(ReactiveRedisDataSource redis, ObjectMapper mapper, WaybillServiceConfig config,
                   MeterRegistry registry) {
        this.streams = redis.stream(String.class);
        this.mapper = mapper;
        this.stream = config.audit().stream();
        this.timeout = config.audit().appendTimeout();
        this.failures = Counter.builder("wg.audit.append.failures")
                .description("Audit events that could not be appended in time")
                .register(registry);
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
            this.keyId = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(secret)).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Appends the event; fails with {@code audit-unavailable} when the sink is slow or down. */
    public Uni<Void> append(AuditEvent event) {
        String json;
        try {
            json = serialize(event);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return appendSerialized(json)
                .onFailure().transform(failure -> failed(event, failure.getClass().getSimpleName()));
    }

    /**
     * Appends an event already serialised (an outbox entry), signed; fails when the stream does not take it within
     * the bound (the caller keeps the entry and tries again).
     */
    Uni<Void> appendSerialized(String json) {
        return streams.xadd(stream, signed(json).fields())
                .ifNoItem().after(timeout).fail()
                .replaceWithVoid();
    }

    /** The event serialised and signed with this service's key, as its stream entry carries it. */
    SignedEntry signed(AuditEvent event) {
        return signed(serialize(event));
    }

    private SignedEntry signed(String json) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return new SignedEntry(json, keyId,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(json.getBytes(StandardCharsets.UTF_8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The event as the stream entry's {@value #EVENT_FIELD} field holds it. */
    String serialize(AuditEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new ProblemException(ProblemType.INTERNAL_ERROR, "Audit event could not be written.");
        }
    }

    /** Counts and logs (action and cause only) an event the stream did not take; the request fails closed. */
    ProblemException failed(AuditEvent event, String cause) {
        failures.increment();
        LOG.warnf("audit append failed for action %s (%s)", event.action(), cause);
        return new ProblemException(ProblemType.AUDIT_UNAVAILABLE,
                "The audit log is unavailable, so the request was not carried out.");
    }

    /** The stream the events go to. */
    String stream() {
        return stream;
    }
}
