package com.waybillguard.gateway.health;

import com.waybillguard.gateway.client.AuditServiceClient;
import com.waybillguard.gateway.client.WaybillServiceClient;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * Shows the state of the circuit breakers in front of the inner services. Always UP: an open
 * breaker is the gateway protecting itself, not a reason to take it out of rotation.
 */
@Readiness
@ApplicationScoped
public class CircuitBreakersHealthCheck implements HealthCheck {

    /** The named breakers in front of the inner services. */
    static final List<String> BREAKERS = List.of(WaybillServiceClient.BREAKER, AuditServiceClient.BREAKER);

    private final CircuitBreakerMaintenance breakers;

    public CircuitBreakersHealthCheck(CircuitBreakerMaintenance breakers) {
        this.breakers = breakers;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("inner-service circuit breakers").up();
        for (String name : BREAKERS) {
            builder.withData(name, breakers.currentState(name).name());
        }
        return builder.build();
    }
}
