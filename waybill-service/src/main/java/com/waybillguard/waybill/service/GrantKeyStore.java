package com.waybillguard.waybill.service;

import com.waybillguard.waybill.client.JwksSource;
import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Caches the gateway's grant verification keys by {@code kid}. An unknown {@code kid} triggers a
 * refetch, at most once per {@code wg.grant.jwks-min-refetch-interval}. Keys older than
 * {@code wg.grant.jwks-max-age} are refreshed before they are used, so a key the gateway removed from its JWK Set is
 * refused within that age. When refreshes fail, the last keys fetched are used until {@code wg.grant.jwks-max-stale}
 * after that fetch, and then no longer: a gateway that cannot be asked does not keep a removed key alive
 * (reads answer 503 {@code grant-keys-unavailable} until a fetch succeeds).
 */
@ApplicationScoped
public class GrantKeyStore {

    private static final Logger LOG = Logger.getLogger(GrantKeyStore.class);
    private static final String ES256 = "ES256";
    private static final String P256 = "P-256";

    private record Snapshot(Map<String, PublicKey> keys, long fetchedAtNanos) {
    }

    private final JwksSource client;
    private final long minRefetchNanos;
    private final long maxAgeNanos;
    private final long maxStaleNanos;
    private final LongSupplier nanoTime;

    private volatile Snapshot snapshot;
    private Uni<Snapshot> inflight;
    private long lastAttemptNanos;
    private boolean attempted;

    @Inject
    GrantKeyStore(JwksSource client, WaybillServiceConfig config) {
        this(client, config.grant().jwksMinRefetchInterval(), config.grant().jwksMaxAge(),
                config.grant().jwksMaxStale());
    }

    GrantKeyStore(JwksSource client, Duration minRefetchInterval, Duration maxAge, Duration maxStale) {
        this(client, minRefetchInterval, maxAge, maxStale, System::nanoTime);
    }

    /** With the monotonic clock {@code nanoTime} (tests move it forward). */
    GrantKeyStore(JwksSource client, Duration minRefetchInterval, Duration maxAge, Duration maxStale,
                  LongSupplier nanoTime) {
        if (maxStale.compareTo(maxAge) < 0) {
            throw new IllegalStateException("wg.grant.jwks-max-stale (" + maxStale
                    + ") must not be shorter than wg.grant.jwks-max-age (" + maxAge + ")");
        }
        this.client = client;
        this.minRefetchNanos = minRefetchInterval.toNanos();
        this.maxAgeNanos = maxAge.toNanos();
        this.maxStaleNanos = maxStale.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The ES256 public key for {@code kid}; fails with a problem when there is none. */
    public Uni<PublicKey> key(String kid) {
        long now = nanoTime.getAsLong();
        Snapshot cached = snapshot;
        // keys last fetched longer ago than the stale limit are not used at all
        Snapshot current = cached != null && now - cached.fetchedAtNanos() < maxStaleNanos ? cached : null;
        PublicKey known = current == null ? null : current.keys().get(kid);
        boolean fresh = current != null && now - current.fetchedAtNanos() < maxAgeNanos;
        if (known != null && fresh) {
            return Uni.createFrom().item(known);
        }
        Uni<Snapshot> refresh = refresh();
        if (refresh == null) {
            return known != null ? Uni.createFrom().item(known) : unknownKey();
        }
        return onCallersContext(refresh)
                .onFailure().recoverWithUni(failure -> {
                    if (known != null) {
                        return Uni.createFrom().item(current);
                    }
                    LOG.warnf("grant keys could not be fetched (%s)", failure.getClass().getSimpleName());
                    return Uni.createFrom().failure(new ProblemException(ProblemType.GRANT_KEYS_UNAVAILABLE,
                            "The keys that verify access grants are not available; try again shortly."));
                })
                .flatMap(s -> {
                    PublicKey key = s.keys().get(kid);
                    return key != null ? Uni.createFrom().item(key) : unknownKey();
                });
    }

    /**
     * A refresh is shared by every read that waits for it, and completes on the context of the read that started
     * it. Each read must go on on its own (duplicated) context: its database session lives there, and reads that
     * continued on one shared context would share one session.
     */
    private static <T> Uni<T> onCallersContext(Uni<T> shared) {
        Context caller = Vertx.currentContext();
        return caller == null ? shared : shared.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private static Uni<PublicKey> unknownKey() {
        return Uni.createFrom().failure(new ProblemException(ProblemType.GRANT_INVALID,
                "The access grant is not signed by a known key."));
    }

    /** A shared refresh, or {@code null} when the last attempt is too recent. */
    private synchronized Uni<Snapshot> refresh() {
        if (inflight != null) {
            return inflight;
        }
        long now = nanoTime.getAsLong();
        if (attempted && now - lastAttemptNanos < minRefetchNanos) {
            return null;
        }
        attempted = true;
        lastAttemptNanos = now;
        Uni<Snapshot> fetch = client.fetch()
                .map(json -> parse(json, nanoTime.getAsLong()))
                .invoke(s -> {
                    snapshot = s;
                    LOG.debugf("grant keys refreshed: %d key(s)", s.keys().size());
                })
                .eventually(this::clearInflight)
                .memoize().indefinitely();
        inflight = fetch;
        return fetch;
    }

    private synchronized void clearInflight() {
        inflight = null;
    }

    static Snapshot parse(String json, long fetchedAtNanos) {
        try {
            Map<String, PublicKey> keys = new HashMap<>();
            for (JsonWebKey jwk : new JsonWebKeySet(json).getJsonWebKeys()) {
                if (jwk instanceof EllipticCurveJsonWebKey ec
                        && P256.equals(ec.getCurveName())
                        && jwk.getKeyId() != null
                        && (jwk.getAlgorithm() == null || ES256.equals(jwk.getAlgorithm()))
                        && (jwk.getUse() == null || "sig".equals(jwk.getUse()))) {
                    keys.put(jwk.getKeyId(), ec.getECPublicKey());
                }
            }
            return new Snapshot(Map.copyOf(keys), fetchedAtNanos);
        } catch (JoseException e) {
            throw new IllegalStateException("JWKS document is not a valid JWK Set");
        }
    }

    /** For tests and operations: forget the cached keys and the refetch rate limit. */
    public synchronized void reset() {
        snapshot = null;
        attempted = false;
        inflight = null;
    }
}
