package com.waybillguard.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gateway's only way to audit-service, for auditors. Bounded by {@link Timeout} and guarded
 * by the {@value #BREAKER} circuit breaker (4xx answers do not count). No retry.
 */
@ApplicationScoped
public class AuditServiceClient {

    /** Name of the circuit breaker shared by every call to audit-service. */
    public static final String BREAKER = "audit-service";

    /** The query parameters of the audit search endpoints (docs/api.md, "Audit API"). */
    private static final Set<String> SEARCH_PARAMETERS = Set.of(
            "actor", "waybillNo", "outletId", "action", "decision", "from", "to", "page", "size", "cursor");

    /** The query parameters of the alert list (docs/api.md, "Audit API"). */
    private static final Set<String> ALERT_PARAMETERS = Set.of("status", "rule", "actor", "page", "size");

    private final AuditServiceRestClient client;

    AuditServiceClient(@RestClient AuditServiceRestClient client) {
        this.client = client;
    }

    public Uni<UpstreamResponse> events(Map<String, String> query, Forwarded forwarded) {
        return guarded(() -> client.events(searchFilters(query),
                forwarded.authorization(), forwarded.clientIp(), forwarded.requestId()));
    }

    public Uni<UpstreamResponse> timeline(String actor, Map<String, String> query, Forwarded forwarded) {
        return guarded(() -> client.timeline(actor, searchFilters(query),
                forwarded.authorization(), forwarded.clientIp(), forwarded.requestId()));
    }

    public Uni<UpstreamResponse> history(String waybillNo, Map<String, String> query, Forwarded forwarded) {
        return guarded(() -> client.history(waybillNo, searchFilters(query),
                forwarded.authorization(), forwarded.clientIp(), forwarded.requestId()));
    }

    public Uni<UpstreamResponse> alerts(Map<String, String> query, Forwarded forwarded) {
        return guarded(() -> client.alerts(only(ALERT_PARAMETERS, query),
                forwarded.authorization(), forwarded.clientIp(), forwarded.requestId()));
    }

    public Uni<UpstreamResponse> resolveAlert(String id, JsonNode body, Forwarded forwarded) {
        return guarded(() -> client.resolveAlert(id, body, forwarded.authorization(), forwarded.clientIp(),
                forwarded.requestId()));
    }

    /** Only the filters and paging parameters the audit search knows travel on; anything else stays here. */
    private static Map<String, String> searchFilters(Map<String, String> query) {
        return only(SEARCH_PARAMETERS, query);
    }

    private static Map<String, String> only(Set<String> names, Map<String, String> query) {
        Map<String, String> known = new HashMap<>(query);
        known.keySet().retainAll(names);
        return known;
    }

    public Uni<UpstreamResponse> verify(Map<String, String> query, Forwarded forwarded) {
        return guarded(() -> client.verify(query.get("fromSeq"), query.get("toSeq"), forwarded.authorization(),
                forwarded.clientIp(), forwarded.requestId()));
    }

    /** An export of a seq range (NDJSON, bounded in size by audit-service), passed through whole. */
    public Uni<UpstreamResponse> export(Map<String, String> query, Forwarded forwarded) {
        return guarded(() -> client.export(query.get("fromSeq"), query.get("toSeq"), forwarded.authorization(),
                forwarded.clientIp(), forwarded.requestId()));
    }

    public Uni<UpstreamResponse> checkpoints(Map<String, String> query, Forwarded forwarded) {
        return guarded(() -> client.checkpoints(query.get("page"), query.get("size"), forwarded.authorization(),
                forwarded.clientIp(), forwarded.requestId()));
    }

    public Uni<UpstreamResponse> signCheckpoint(Forwarded forwarded) {
        return guarded(() -> client.signCheckpoint(forwarded.authorization(), forwarded.clientIp(), forwarded.requestId()));
    }

    public Uni<UpstreamResponse> accountAction(String sub, String action, JsonNode body, Forwarded forwarded) {
        return guarded(() -> client.accountAction(sub, action, body, forwarded.authorization(), forwarded.clientIp(),
                forwarded.requestId()));
    }

    /**
     * Every call to the service goes through here, so that one timeout and one breaker cover them
     * all (ArC intercepts self-invocation).
     */
    @Timeout(InnerServiceLimits.TIMEOUT_MILLIS)
    @CircuitBreaker(requestVolumeThreshold = InnerServiceLimits.BREAKER_REQUEST_VOLUME,
            failureRatio = InnerServiceLimits.BREAKER_FAILURE_RATIO,
            delay = InnerServiceLimits.BREAKER_DELAY_SECONDS, delayUnit = ChronoUnit.SECONDS,
            successThreshold = InnerServiceLimits.BREAKER_SUCCESS_THRESHOLD)
    @CircuitBreakerName(BREAKER)
    Uni<UpstreamResponse> guarded(Supplier<Uni<Response>> call) {
        return call.get().map(UpstreamResponse::from);
    }
}
