package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.AuditEvent;
import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.IssuedGrant;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.domain.Purpose;
import com.waybillguard.gateway.domain.QuotaDecision;
import com.waybillguard.gateway.domain.QuotaWindow;
import com.waybillguard.gateway.domain.RequestContext;
import com.waybillguard.gateway.domain.RetryAfter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Issues per-query grants: refuses suspended accounts, purposes the role may not ask for and
 * exhausted quotas (each refusal audited), signs the grant and answers only after its
 * {@code GRANT_ISSUED} event is in the audit stream.
 */
@Startup
@ApplicationScoped
public class GrantService {

    /** JOSE {@code typ} of a grant. */
    public static final String GRANT_TYPE = "wg-grant+jwt";

    /** The longest lifetime a grant may have (docs/api.md, "Grants"); {@code wg.grant.ttl} is checked against it. */
    public static final Duration MAX_TTL = Duration.ofSeconds(300);

    private static final Logger LOG = Logger.getLogger(GrantService.class);

    private final GatewayConfig config;
    private final SigningKeys keys;
    private final AccessPolicy policy;
    private final SuspensionService suspensions;
    private final QuotaService quotas;
    private final AuditPublisher audit;
    private final MeterRegistry metrics;

    public GrantService(GatewayConfig config, SigningKeys keys, AccessPolicy policy, SuspensionService suspensions,
                        QuotaService quotas, AuditPublisher audit, MeterRegistry metrics) {
        Duration ttl = config.grant().ttl();
        if (ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalStateException("wg.grant.ttl must be between 1 s and " + MAX_TTL.toSeconds()
                    + " s, was " + ttl.toMillis() + " ms");
        }
        this.config = config;
        this.keys = keys;
        this.policy = policy;
        this.suspensions = suspensions;
        this.quotas = quotas;
        this.audit = audit;
        this.metrics = metrics;
    }

    public Uni<IssuedGrant> issue(Caller caller, String waybillNo, Purpose purpose, RequestContext request) {
        return suspensions.isSuspended(caller.sub()).flatMap(suspended -> {
            Optional<String> role = policy.roleFor(caller.roles(), purpose);
            String actorRole = role.or(() -> policy.primaryRole(caller.roles()))
                    .orElseGet(() -> new TreeSet<>(caller.roles()).stream().findFirst().orElse(null));
            if (suspended) {
                return refuse(caller, actorRole, waybillNo, purpose, request, "ACCOUNT_SUSPENDED",
                        SuspensionService.suspendedProblem());
            }
            if (role.isEmpty()) {
                return refuse(caller, actorRole, waybillNo, purpose, request, "PURPOSE_NOT_ALLOWED",
                        new ProblemException(ProblemType.PURPOSE_NOT_ALLOWED,
                                "The account's role may not ask for purpose " + purpose + "."));
            }
            return quotas.consume(caller, role.get()).flatMap(decision -> {
                if (!decision.allowed()) {
                    Map<String, String> headers = new LinkedHashMap<>(rateLimitHeaders(decision));
                    headers.put(RetryAfter.HEADER, Long.toString(decision.retryAfterSeconds()));
                    return refuse(caller, role.get(), waybillNo, purpose, request, "QUOTA_EXCEEDED",
                            new ProblemException(ProblemType.QUOTA_EXCEEDED,
                                    "The grant quota is exhausted; retry after the indicated number of seconds.",
                                    headers));
                }
                return sign(caller, role.get(), waybillNo, purpose, request, decision);
            });
        });
    }

    /**
     * Records the refusal of a grant request from a suspended account (found by the suspension check before the
     * request body is read, so without waybill and purpose) and fails with 403 {@code account-suspended}.
     */
    public <T> Uni<T> refuseSuspended(Caller caller, RequestContext request) {
        String role = policy.primaryRole(caller.roles())
                .orElseGet(() -> new TreeSet<>(caller.roles()).stream().findFirst().orElse(null));
        return refuse(caller, role, null, null, request, "ACCOUNT_SUSPENDED", SuspensionService.suspendedProblem());
    }

    /** {@code RateLimit-*} headers for the tightest window of a decision. */
    public static Map<String, String> rateLimitHeaders(QuotaDecision decision) {
        QuotaWindow tightest = decision.tightest();
        return Map.of(
                "RateLimit-Limit", Long.toString(tightest.limit()),
                "RateLimit-Remaining", Long.toString(tightest.remaining()),
                "RateLimit-Reset", Long.toString(tightest.resetSeconds()));
    }

    private Uni<IssuedGrant> sign(Caller caller, String role, String waybillNo, Purpose purpose,
                                  RequestContext request, QuotaDecision decision) {
        long iat = Instant.now().getEpochSecond();
        long exp = iat + config.grant().ttl().toSeconds();
        String jti = UUID.randomUUID().toString();
        JwtClaimsBuilder claims = Jwt.claims()
                .issuer(config.grant().issuer())
                .audience(config.grant().audience())
                .subject(caller.sub())
                .claim("jti", jti)
                .issuedAt(iat)
                .claim("nbf", iat)
                .expiresAt(exp)
                .claim("waybill_no", waybillNo)
                .claim("purpose", purpose.name())
                .claim("role", role)
                .claim("username", caller.username() == null ? caller.sub() : caller.username())
                .claim("device_hash", deviceHash(request.deviceId()));
        if (caller.outletId() != null) {
            claims.claim("outlet_id", caller.outletId());
        }
        if (caller.courierId() != null) {
            claims.claim("courier_id", caller.courierId());
        }
        String grant = claims.jws()
                .keyId(keys.keyId())
                .type(GRANT_TYPE)
                .algorithm(SignatureAlgorithm.ES256)
                .sign(keys.privateKey());
        AuditEvent event = event(caller, role, waybillNo, purpose, request, "GRANT_ISSUED", "ALLOW", null, jti);
        return audit.append(event).map(ignored -> {
            metrics.counter("wg.grants.issued", "purpose", purpose.name(), "role", role).increment();
            LOG.debugf("grant %s issued for purpose %s", jti, purpose);
            return new IssuedGrant(grant, jti, waybillNo, purpose, Instant.ofEpochSecond(exp), decision);
        });
    }

    private <T> Uni<T> refuse(Caller caller, String role, String waybillNo, Purpose purpose, RequestContext request,
                              String reason, ProblemException problem) {
        metrics.counter("wg.grants.refused", "reason", reason).increment();
        AuditEvent event = event(caller, role, waybillNo, purpose, request, "GRANT_REFUSED", "DENY", reason, null);
        return audit.append(event)
                .onFailure().invoke(f -> LOG.warnf("refusal %s could not be audited", reason))
                .onFailure().recoverWithNull()
                .onItem().transformToUni(ignored -> Uni.createFrom().<T>failure(problem));
    }

    private AuditEvent event(Caller caller, String role, String waybillNo, Purpose purpose, RequestContext request,
                             String action, String decision, String reason, String grantId) {
        return new AuditEvent(UUID.randomUUID().toString(), Instant.now().toString(), config.audit().source(), action,
                new AuditEvent.Actor(caller.sub(), caller.username(), role, caller.outletId(), caller.courierId()),
                request.deviceId(), request.clientIp(), waybillNo, purpose == null ? null : purpose.name(), null, null, decision, reason,
                grantId, request.traceId());
    }

    /** base64url (no padding) of SHA-256 over the UTF-8 device id. */
    public static String deviceHash(String deviceId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(deviceId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
