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
import java.util.function.Supplier;

/**
 * The gateway's only way to waybill-service. Bounded by {@link Timeout}, guarded by the
 * {@value #BREAKER} circuit breaker (only 5xx answers, connection failures and timeouts count;
 * 4xx answers are expected refusals and pass through). No retry: a read consumes its grant, and
 * admin writes are not idempotent either.
 */
@ApplicationScoped
public class WaybillServiceClient {

    /** Name of the circuit breaker shared by every call to waybill-service. */
    public static final String BREAKER = "waybill-service";

    private final WaybillServiceRestClient client;

    WaybillServiceClient(@RestClient WaybillServiceRestClient client) {
        this.client = client;
    }

    public Uni<UpstreamResponse> read(String waybillNo, Forwarded forwarded) {
        return guarded(() -> client.read(waybillNo, forwarded.authorization(), forwarded.accessGrant(), forwarded.deviceId(),
                forwarded.clientIp(), forwarded.requestId()));
    }

    public Uni<UpstreamResponse> create(JsonNode body, Forwarded forwarded) {
        return guarded(() -> client.create(body, forwarded.authorization(), forwarded.clientIp(), forwarded.requestId()));
    }

    public Uni<UpstreamResponse> updateStatus(String waybillNo, JsonNode body, Forwarded forwarded) {
        return guarded(() -> client.updateStatus(waybillNo, body, forwarded.authorization(), forwarded.clientIp(),
                forwarded.requestId()));
    }

    public Uni<UpstreamResponse> updateAssignment(String waybillNo, JsonNode body, Forwarded forwarded) {
        return guarded(() -> client.updateAssignment(waybillNo, body, forwarded.authorization(), forwarded.clientIp(),
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
