package com.waybillguard.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The gateway's only way to waybill-service. Bounded by {@link Timeout}, guarded by the
 * {@value #BREAKER} circuit breaker (only 5xx answers, connection failures and timeouts count;
 * 4xx answers are expected refusals and pass through). No retry: a read consumes its grant, and
 * admin writes are not idempotent either.
 */
@ApplicationScoped
public class WaybillServiceGateway {

    /** Name of the circuit breaker shared by every call to waybill-service. */
    public static final String BREAKER = "waybill-service";

    private final WaybillServiceClient client;

    WaybillServiceGateway(@RestClient WaybillServiceClient client) {
        this.client = client;
    }

    @Timeout(2000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    @CircuitBreakerName(BREAKER)
    public Uni<UpstreamResponse> read(String waybillNo, Forwarded forwarded) {
        return client.read(waybillNo, forwarded.authorization(), forwarded.accessGrant(), forwarded.deviceId(),
                forwarded.clientIp(), forwarded.requestId()).map(UpstreamResponse::from);
    }

    @Timeout(3000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    @CircuitBreakerName(BREAKER)
    public Uni<UpstreamResponse> create(JsonNode body, Forwarded forwarded) {
        return client.create(body, forwarded.authorization(), forwarded.clientIp(), forwarded.requestId())
                .map(UpstreamResponse::from);
    }

    @Timeout(3000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    @CircuitBreakerName(BREAKER)
    public Uni<UpstreamResponse> updateStatus(String waybillNo, JsonNode body, Forwarded forwarded) {
        return client.updateStatus(waybillNo, body, forwarded.authorization(), forwarded.clientIp(),
                forwarded.requestId()).map(UpstreamResponse::from);
    }

    @Timeout(3000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    @CircuitBreakerName(BREAKER)
    public Uni<UpstreamResponse> updateAssignment(String waybillNo, JsonNode body, Forwarded forwarded) {
        return client.updateAssignment(waybillNo, body, forwarded.authorization(), forwarded.clientIp(),
                forwarded.requestId()).map(UpstreamResponse::from);
    }
}
