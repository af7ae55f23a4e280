package com.waybillguard.gateway.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Networks as SHARED_ACCOUNT counts them, and the numeric part of a waybill number ENUMERATION compares. */
class ClientNetworkTest {

    @Test
    void ipv4IsA24AndIpv6A48() {
        assertEquals(Optional.of("10.20.30.0/24"), ClientNetwork.of("10.20.30.4"));
        assertEquals(Optional.of("2001:db8:7::/48"), ClientNetwork.of("2001:db8:7:ff::9"));
        assertEquals(Optional.of("192.0.2.0/24"), ClientNetwork.of("::ffff:192.0.2.10"));
        assertEquals(Optional.empty(), ClientNetwork.of(null));
        assertEquals(Optional.empty(), ClientNetwork.of("gateway.example"));
    }

    @Test
    void theNumericPartIsTheLastFifteenDigits() {
        assertEquals(1234567890123L, Identifiers.numericPart("YT1234567890123"));
        assertEquals(345678901234567L, Identifiers.numericPart("YT12345678901234567"));
        assertEquals(1L, Identifiers.numericPart("YT1000000000000000001") - Identifiers.numericPart("YT1000000000000000000"));
    }
}
