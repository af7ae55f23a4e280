package com.waybillguard.waybill.service;

/** The admin performing a write, from the verified access token. */
public record AdminActor(String sub, String username, String deviceId, String clientIp, String traceId) {
}
