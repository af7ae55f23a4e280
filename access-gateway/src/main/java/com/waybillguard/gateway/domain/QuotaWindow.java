package com.waybillguard.gateway.domain;

/** One quota window as seen right now: its limit, what remains, and seconds until it resets. */
public record QuotaWindow(String window, long limit, long remaining, long resetSeconds) {
}
