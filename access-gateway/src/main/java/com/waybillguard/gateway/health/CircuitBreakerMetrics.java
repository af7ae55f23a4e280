package com.waybillguard.gateway.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/**
 * Publishes the state of each named inner-service circuit breaker as
 * {@code wg_circuit_breaker_state{breaker="<name>", state="closed|open|half_open"}} (1 for the current
 * state, 0 otherwise), next to SmallRye Fault Tolerance's own {@code ft_circuitbreaker_*} metrics, which
 * are keyed by method rather than by breaker name.
 */
@Startup
@ApplicationScoped
public class CircuitBreakerMetrics {

    /** Name of the gauge (Prometheus: {@code wg_circuit_breaker_state}). */
    public static final String METRIC = "wg.circuit.breaker.state";

    public CircuitBreakerMetrics(CircuitBreakerMaintenance breakers, MeterRegistry registry) {
        for (String name : CircuitBreakersHealthCheck.BREAKERS) {
            for (CircuitBreakerState state : CircuitBreakerState.values()) {
                Gauge.builder(METRIC, () -> breakers.currentState(name) == state ? 1 : 0)
                        .description("1 when the named circuit breaker is in this state")
                        .tag("breaker", name)
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
    }
}
