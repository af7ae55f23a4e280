package com.waybillguard.waybill.service;

import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.Caller;
import com.waybillguard.waybill.domain.PartyDetails;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import com.waybillguard.waybill.domain.WaybillNumber;
import com.waybillguard.waybill.domain.WaybillSummary;
import com.waybillguard.waybill.mapping.AuditEvent;
import com.waybillguard.waybill.mapping.WaybillViewMapper;
import com.waybillguard.waybill.mapping.WaybillViewResponse;
import com.waybillguard.waybill.policy.Decision;
import com.waybillguard.waybill.policy.FieldPolicy;
import com.waybillguard.waybill.policy.Purpose;
import com.waybillguard.waybill.policy.View;
import com.waybillguard.waybill.policy.WaybillFacts;
import com.waybillguard.waybill.repository.WaybillRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The read path (docs/api.md, "Reads"): grant verification and binding, field policy, then ONE Redis call
 * ({@link GrantRedemption}) that checks the suspension, redeems the grant and appends the read's audit event
 * (fail closed), and for a canary also writes the {@link HoneytokenRule}'s alert and suspension; then the view.
 * The canary flag comes with the decision projection ({@link WaybillSummary}), so a canary is answered exactly
 * like any other waybill. Every refusal is audited too.
 */
@ApplicationScoped
public class WaybillReadService {

    static final String ACTION_READ = "WAYBILL_READ";
    static final String ACTION_REFUSED = "WAYBILL_READ_REFUSED";

    private final GrantVerifier verifier;
    private final GrantRedemption redemption;
    private final HoneytokenRule honeytoken;
    private final WaybillRepository repository;
    private final FieldPolicy policy;
    private final WaybillViewMapper mapper;
    private final AuditPublisher audit;
    private final MeterRegistry metrics;
    private final String source;

    WaybillReadService(GrantVerifier verifier, GrantRedemption redemption, HoneytokenRule honeytoken,
                       WaybillRepository repository, FieldPolicy policy, WaybillViewMapper mapper,
                       AuditPublisher audit, MeterRegistry metrics, WaybillServiceConfig config) {
        this.verifier = verifier;
        this.redemption = redemption;
        this.honeytoken = honeytoken;
        this.repository = repository;
        this.policy = policy;
        this.mapper = mapper;
        this.audit = audit;
        this.metrics = metrics;
        this.source = config.audit().source();
    }

    /** Mutable facts gathered along one read, for its audit event. */
    private static final class Trail {
        VerifiedGrant grant;
        /** The caller as its grant describes it, once the grant is known to be the caller's own. */
        Caller reader;
        String view;
        Map<String, String> disclosure;
        /** The refusal's event is already on the stream (written with the redemption). */
        boolean refusalAudited;
    }

    /**
     * What the field policy made of a read, before the redemption.
     *
     * @param response the answer, or {@code null} when refused
     * @param refusal  the refusal, or {@code null}
     * @param canary   whether the waybill asked for is a canary
     */
    private record Outcome(WaybillViewResponse response, ProblemException refusal, boolean canary) {
    }

    public Uni<WaybillViewResponse> read(ReadRequest request) {
        Trail trail = new Trail();
        return Uni.createFrom().deferred(() -> answer(request, trail))
                .onFailure().call(failure -> auditRefusal(request, trail, failure));
    }

    private Uni<WaybillViewResponse> answer(ReadRequest request, Trail trail) {
        request.caller().requireOneRole();
        if (!WaybillNumber.isValid(request.waybillNo())) {
            throw new ProblemException(ProblemType.INVALID_WAYBILL_NUMBER,
                    "A waybill number is two capital letters followed by 10 to 18 digits.");
        }
        if (!DeviceIds.isValid(request.context().deviceId())) {
            throw new ProblemException(ProblemType.INVALID_DEVICE_ID,
                    "X-Device-Id must be 8 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'.");
        }
        return verifier.verify(request.grant())
                .invoke(grant -> {
                    trail.grant = grant;
                    checkBinding(request, grant);
                    trail.reader = reader(request.caller(), grant);
                })
                .flatMap(grant -> decide(request, grant, trail)
                        .flatMap(outcome -> settle(request, grant, trail, outcome)));
    }

    private static void checkBinding(ReadRequest request, VerifiedGrant grant) {
        if (!grant.sub().equals(request.caller().sub())) {
            throw new ProblemException(ProblemType.GRANT_NOT_BOUND, "The access grant was issued to another account.");
        }
        if (!DeviceIds.matches(request.context().deviceId(), grant.deviceHash())) {
            throw new ProblemException(ProblemType.GRANT_NOT_BOUND, "The access grant was issued for another device.");
        }
        if (!holdsWhatTheGrantSays(request.caller(), grant)) {
            throw new ProblemException(ProblemType.GRANT_NOT_BOUND,
                    "The access grant was issued for another role, outlet or courier than this account holds.");
        }
        if (!grant.waybillNo().equals(request.waybillNo())) {
            throw new ProblemException(ProblemType.GRANT_WAYBILL_MISMATCH, "The access grant is for another waybill.");
        }
    }

    /**
     * Whether the access token (signed by the OIDC provider) holds the role, outlet and courier the grant (signed by
     * the gateway) names: a grant is only as good as the account presenting it, so a leaked grant signing key alone
     * cannot mint a view that no account of the realm holds.
     */
    private static boolean holdsWhatTheGrantSays(Caller caller, VerifiedGrant grant) {
        return grant.role().equals(caller.role())
                && Objects.equals(grant.outletId(), caller.outletId())
                && Objects.equals(grant.courierId(), caller.courierId());
    }

    /**
     * The caller as the grant describes it (the same role, outlet and courier as its token: {@link #checkBinding}):
     * the policy decides on what the gateway signed and the OIDC provider confirmed.
     */
    private static Caller reader(Caller caller, VerifiedGrant grant) {
        return new Caller(caller.sub(), grant.username() != null ? grant.username() : caller.username(),
                grant.role(), grant.outletId(), grant.courierId());
    }

    /**
     * The view, or the policy's refusal, and whether the waybill is a canary (from the projection: a refused read of
     * a canary by a caller whose grant is valid and its own is a canary read all the same).
     */
    private Uni<Outcome> decide(ReadRequest request, VerifiedGrant grant, Trail trail) {
        Purpose purpose = Arrays.stream(Purpose.values())
                .filter(p -> p.name().equals(grant.purpose()))
                .findFirst()
                .orElse(null);
        return repository.findSummary(request.waybillNo())
                .flatMap(summary -> {
                    boolean canary = summary != null && summary.canary();
                    if (purpose == null) {
                        return refused(new ProblemException(ProblemType.PURPOSE_NOT_ALLOWED,
                                "The purpose is not known."), canary);
                    }
                    if (policy.rule(grant.role(), purpose).isEmpty()) {
                        return refused(new ProblemException(ProblemType.PURPOSE_NOT_ALLOWED,
                                "The purpose " + purpose + " is not allowed for this role."), canary);
                    }
                    if (summary == null) {
                        return refused(new ProblemException(ProblemType.WAYBILL_NOT_FOUND, "No such waybill."), false);
                    }
                    View view;
                    try {
                        view = decide(trail.reader, purpose, summary);
                    } catch (ProblemException refusal) {
                        return refused(refusal, canary);
                    }
                    trail.view = view.id();
                    trail.disclosure = view.disclosure();
                    Uni<PartyDetails> details = view.needsPersonalData()
                            ? repository.findPartyDetails(request.waybillNo())
                            : Uni.createFrom().nullItem();
                    return details.map(d -> new Outcome(mapper.render(summary, d, purpose.name(), view), null, canary));
                });
    }

    private static Uni<Outcome> refused(ProblemException refusal, boolean canary) {
        return Uni.createFrom().item(new Outcome(null, refusal, canary));
    }

    /**
     * The one Redis call (suspension, redemption, audit event, honeytoken), then the answer: the view, or the
     * policy's refusal, whose event is already written.
     */
    private Uni<WaybillViewResponse> settle(ReadRequest request, VerifiedGrant grant, Trail trail, Outcome outcome) {
        AuditEvent event = outcome.refusal() == null
                ? event(request, trail, ACTION_READ, "ALLOW", null)
                : refusalEvent(request, trail, outcome.refusal().type().slug());
        HoneytokenRule.Trip trip = outcome.canary() ? honeytoken.trip(event) : null;
        return redemption.redeem(grant, event, trip)
                .onFailure(ProblemException.class).transform(failure ->
                        // a refusal discloses nothing: a stream that refuses its event does not change the answer
                        outcome.refusal() != null && ((ProblemException) failure).type() == ProblemType.AUDIT_UNAVAILABLE
                                ? outcome.refusal() : failure)
                .map(ignored -> {
                    if (outcome.refusal() != null) {
                        trail.refusalAudited = true;
                        throw outcome.refusal();
                    }
                    metrics.counter("wg.waybill.reads", "view", outcome.response().view()).increment();
                    return outcome.response();
                });
    }

    private View decide(Caller reader, Purpose purpose, WaybillSummary summary) {
        WaybillFacts facts = new WaybillFacts(summary.status(), summary.originOutletId(),
                summary.destinationOutletId(), summary.pickupCourierId(), summary.deliveryCourierId());
        Decision decision = policy.decide(reader, purpose, facts);
        if (decision instanceof Decision.Allow allow) {
            return allow.view();
        }
        Decision.DenyReason reason = ((Decision.Deny) decision).reason();
        throw reason == Decision.DenyReason.PURPOSE_NOT_ALLOWED
                ? new ProblemException(ProblemType.PURPOSE_NOT_ALLOWED, "The purpose is not allowed for this role.")
                : new ProblemException(ProblemType.OUT_OF_SCOPE,
                        "This waybill is not assigned to this account for the purpose " + purpose + ".");
    }

    private Uni<Void> auditRefusal(ReadRequest request, Trail trail, Throwable failure) {
        String reason = failure instanceof ProblemException p ? p.type().slug() : ProblemType.INTERNAL_ERROR.slug();
        metrics.counter("wg.waybill.reads.refused", "reason", reason).increment();
        if (trail.refusalAudited
                || failure instanceof ProblemException p && p.type() == ProblemType.AUDIT_UNAVAILABLE) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> append = audit.append(refusalEvent(request, trail, reason));
        if (failure instanceof ProblemException p && p.type() == ProblemType.SERVICE_UNAVAILABLE) {
            // Redis is away or slower than its bound, and the stream lives there: the refusal's record is tried in
            // the background, so that the answer keeps its one bound instead of waiting out a second one
            append.subscribe().with(ignored -> { }, ignored -> { });
            return Uni.createFrom().voidItem();
        }
        // a refusal discloses nothing, so a failed append does not change the answer
        return append.onFailure().recoverWithNull();
    }

    private AuditEvent refusalEvent(ReadRequest request, Trail trail, String reason) {
        trail.view = null;
        trail.disclosure = null;
        return event(request, trail, ACTION_REFUSED, "DENY", reason);
    }

    private AuditEvent event(ReadRequest request, Trail trail, String action, String decision, String reason) {
        VerifiedGrant g = trail.grant;
        Caller who = trail.reader != null ? trail.reader : request.caller();
        AuditEvent.Actor actor = new AuditEvent.Actor(who.sub(), who.username(), who.role(), who.outletId(),
                who.courierId());
        String waybillNo = WaybillNumber.isValid(request.waybillNo()) ? request.waybillNo() : null;
        String deviceId = DeviceIds.isValid(request.context().deviceId()) ? request.context().deviceId() : null;
        return new AuditEvent(UUID.randomUUID().toString(), Instant.now().toString(), source, action, actor,
                deviceId, request.context().clientIp(), waybillNo, g != null ? g.purpose() : null, trail.view,
                trail.disclosure, decision, reason, g != null ? g.jti() : null, request.context().traceId(),
                null, null);
    }
}
