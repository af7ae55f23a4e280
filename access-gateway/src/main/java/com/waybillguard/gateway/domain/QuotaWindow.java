package com.waybillguard.gateway.domain;

/**
 * One quota window as seen right now: its limit, what remains, and seconds until it grants again: for a sliding
 * window (minute, hour) until enough of its oldest grants have left it that one more would be admitted (when it has
 * room, until the oldest leaves; counting nothing, its length), for a daily window until local midnight.
 */
public record QuotaWindow(String window, long limit, long remaining, long resetSeconds) {
}
