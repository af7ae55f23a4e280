package com.waybillguard.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

/**
 * The clock of the quota windows and detection: the system clock in UTC. The admission script is given "now" from
 * it instead of reading Redis's clock, so tests move time with {@code QuarkusMock} (a {@code TestClock}) instead of
 * waiting for a window to pass.
 */
@ApplicationScoped
public class Clocks {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
