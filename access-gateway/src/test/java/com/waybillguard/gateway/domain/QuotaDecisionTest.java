package com.waybillguard.gateway.domain;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuotaDecisionTest {

    @Test
    void reportsTheTightestWindowAndWaitsForEveryExhaustedOne() {
        QuotaDecision decision = new QuotaDecision(false, List.of(
                new QuotaWindow("minute", 30, 0, 12),
                new QuotaWindow("hour", 300, 0, 1800),
                new QuotaWindow("day", 1500, 700, 40000)));

        assertEquals("hour", decision.tightest().window(), "equal remaining: the one that resets last");
        assertEquals(1800, decision.retryAfterSeconds());
    }

    @Test
    void tightestIsTheLeastRemaining() {
        QuotaDecision decision = new QuotaDecision(true, List.of(
                new QuotaWindow("minute", 30, 29, 40),
                new QuotaWindow("hour", 300, 5, 1000),
                new QuotaWindow("outlet-day", 20000, 19000, 50000)));

        assertEquals("hour", decision.tightest().window());
        assertEquals(1, decision.retryAfterSeconds(), "nothing exhausted: the minimum hint");
    }
}
