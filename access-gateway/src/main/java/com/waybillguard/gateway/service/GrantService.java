package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.Admission;
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
import com.waybillguard.gateway.domain.Trip;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Issues per-query grants: refuses purposes the role may not ask for, then lets {@link GrantAdmission} decide the
 * suspension, the quotas and the grant-time detection rules in one round trip (each refusal audited); signs the
 * grant and answers only after its {@code GRANT_ISSUED} event (and any shadow-mode alert) is in the audit stream.
 * An enforce-mode trip is contained: {@code GRANT_REFUSED}, {@code ALERT_RAISED} and {@code ACCOUNT_SUSPENDED}
 * are appended together and the answer is 403 {@code account-suspended}.
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
    private final GrantSigner signer;
    private final AccessPolicy policy;
    private final GrantAdmission admission;
    private final DetectionAlerts alerts;
    private final AuditPublisher audit;
    private final MeterRegistry metrics;
    private final Clock clock;

    public GrantService(GatewayConfig config, GrantSigner signer, AccessPolicy policy, GrantAdmission admission,
                        DetectionAlerts alerts, AuditPublisher audit, MeterRegistry metrics, Clock clock) {
        Duration ttl = config.grant().ttl();
        if (ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalStateException("wg.grant.ttl must be between 1 s and " + MAX_TTL.toSeconds()
                    + " s, was " + ttl.toMillis() + " ms");
        }
        this.config = config;
        this.signer = signer;
        this.policy = policy;
        this.admission = admission;
        this.alerts = alerts;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Uni<IssuedGrant> issue(Caller caller, String waybillNo, Purpose purpose, RequestContext request) {
        Optional<String> role = policy.roleFor(caller.roles(), purpose);
        if (role.isEmpty()) {
            return refuse(caller, policy.eventRole(caller.roles()), waybillNo, purpose, request, "PURPOSE_NOT_ALLOWED",
                    new ProblemException(ProblemType.PURPOSE_NOT_ALLOWED,
                            "The account's role may not ask for purpose " + purpose + "."));
        }
        String alertId = UUID.randomUUID().toString();
        Instant triggeredAt = clock.instant();
        String jti = UUID.randomUUID().toString();
        AuditEvent issued = event(caller, role.get(), waybillNo, purpose, request, "GRANT_ISSUED", "ALLOW", null, jti);
        return admission.admit(caller, role.get(), waybillNo, request, alertId, audit.signed(issued))
                .flatMap(admitted -> switch (admitted.outcome()) {
                    case SUSPENDED -> refuse(caller, role.get(), waybillNo, purpose, request, "ACCOUNT_SUSPENDED",
                            SuspensionService.suspendedProblem());
                    case QUOTA_EXCEEDED -> {
                        Map<String, String> headers = new LinkedHashMap<>(rateLimitHeaders(admitted.quota()));
                        headers.put(RetryAfter.HEADER, Long.toString(admitted.quota().retryAfterSeconds()));
                        yield refuse(caller, role.get(), waybillNo, purpose, request, "QUOTA_EXCEEDED",
                                new ProblemException(ProblemType.QUOTA_EXCEEDED,
                                        "The grant quota is exhausted; retry after the indicated number of seconds.", headers));
                    }
                    case TRIPPED -> contain(caller, role.get(), waybillNo, purpose, request, admitted.enforced().orElseThrow(),
                            alertId, triggeredAt);
                    case GRANTED -> sign(caller, role.get(), waybillNo, purpose, request, admitted, issued, triggeredAt);
                });
    }

    /**
     * An enforce-mode trip: the script already set the suspension marker; the refusal, the alert and the suspension
     * are appended together (one transaction, fail closed) and the answer is 403 {@code account-suspended}.
     */
    private <T> Uni<T> contain(Caller caller, String role, String waybillNo, Purpose purpose, RequestContext request,
                               Trip trip, String alertId, Instant triggeredAt) {
        String reason = trip.rule().name();
        AuditEvent refused = event(caller, role, waybillNo, purpose, request, "GRANT_REFUSED", "DENY", reason, null);
        List<AuditEvent> events = List.of(refused, alerts.raised(alertId, trip, refused, true, triggeredAt),
                alerts.suspended(alertId, trip, refused));
        return audit.appendAll(events)
                .invoke(() -> {
                    metrics.counter("wg.grants.refused", "reason", reason).increment();
                    metrics.counter("wg.alerts.raised", "rule", reason, "mode", trip.mode().value()).increment();
                    LOG.warnf("account suspended by detection rule %s (alert %s)", reason, alertId);
                })
                .onFailure().invoke(f -> LOG.warnf("detection suspension %s could not be audited", alertId))
                .onItem().transformToUni(ignored -> Uni.createFrom().<T>failure(SuspensionService.suspendedProblem()));
    }

    /**
     * Records the refusal of a grant request from a suspended account (found by the suspension check before the
     * request body is read, so without waybill and purpose) and fails with 403 {@code account-suspended}.
     */
    public <T> Uni<T> refuseSuspended(Caller caller, RequestContext request) {
        return refuse(caller, policy.eventRole(caller.roles()), null, null, request, "ACCOUNT_SUSPENDED", SuspensionService.suspendedProblem());
    }

    /**
     * Records the refusal of a grant request from an account holding roles that no account may hold together (found
     * before the request body is read; the event names the roles joined by {@code +}) and fails with 403
     * {@code role-conflict}.
     */
    public <T> Uni<T> refuseRoleConflict(Caller caller, Set<String> conflicting, RequestContext request) {
        return refuse(caller, String.join("+", new TreeSet<>(conflicting)), null, null, request, "ROLE_CONFLICT",
                AccessPolicy.roleConflict(conflicting));
    }

    /** {@code RateLimit-*} headers for the tightest window of a decision. */
    public static Map<String, String> rateLimitHeaders(QuotaDecision decision) {
        QuotaWindow tightest = decision.tightest();
        return Map.of(
                "RateLimit-Limit", Long.toString(tightest.limit()),
                "RateLimit-Remaining", Long.toString(tightest.remaining()),
                "RateLimit-Reset", Long.toString(tightest.resetSeconds()));
    }

    /**
     * The grant of an admitted request, whose {@code GRANT_ISSUED} event the admission script already appended; a
     * shadow-mode alert is appended before the answer too (fail closed: no alert recorded, no grant).
     */
    private Uni<IssuedGrant> sign(Caller caller, String role, String waybillNo, Purpose purpose,
                                  RequestContext request, Admission admitted, AuditEvent issued, Instant triggeredAt) {
        QuotaDecision decision = admitted.quota();
        long iat = Instant.now().getEpochSecond();
        long exp = iat + config.grant().ttl().toSeconds();
        String jti = issued.grantId();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", config.grant().issuer());
        claims.put("aud", config.grant().audience());
        claims.put("sub", caller.sub());
        claims.put("jti", jti);
        claims.put("iat", iat);
        claims.put("nbf", iat);
        claims.put("exp", exp);
        claims.put("waybill_no", waybillNo);
        claims.put("purpose", purpose.name());
        claims.put("role", role);
        claims.put("username", caller.username() == null ? caller.sub() : caller.username());
        claims.put("device_hash", deviceHash(request.deviceId()));
        if (caller.outletId() != null) {
            claims.put("outlet_id", caller.outletId());
        }
        if (caller.courierId() != null) {
            claims.put("courier_id", caller.courierId());
        }
        String grant = signer.sign(claims);
        List<AuditEvent> events = new ArrayList<>();
        for (Trip trip : admitted.alerts()) {
            events.add(alerts.raised(UUID.randomUUID().toString(), trip, issued, false, triggeredAt));
        }
        Uni<Void> alertsAppended = events.isEmpty() ? Uni.createFrom().voidItem() : audit.appendAll(events);
        return alertsAppended.map(ignored -> {
            metrics.counter("wg.grants.issued", "purpose", purpose.name(), "role", role).increment();
            for (Trip trip : admitted.alerts()) {
                metrics.counter("wg.alerts.raised", "rule", trip.rule().name(), "mode", trip.mode().value()).increment();
            }
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
                grantId, request.traceId(), null, null);
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
