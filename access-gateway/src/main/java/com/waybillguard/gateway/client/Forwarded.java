package com.waybillguard.gateway.client;

/**
 * The headers the gateway forwards to an inner service: the caller's {@code Authorization}
 * unchanged, the grant and device headers of a read, the client's address and a request id.
 */
public record Forwarded(String authorization, String accessGrant, String deviceId, String clientIp,
                        String requestId) {
}
