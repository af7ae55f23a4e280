package com.waybillguard.gateway.domain;

/** What the gateway knows about the request besides the token: device, client address, trace id. */
public record RequestContext(String deviceId, String clientIp, String traceId) {
}
