package com.waybillguard.waybill.domain;

/**
 * Where a request came from, as the gateway forwards it: what the audit event of the request records
 * besides its {@link Caller}.
 *
 * @param deviceId the {@code X-Device-Id} header as sent (checked by the use case), or {@code null}
 * @param clientIp the client's address (first {@code X-Forwarded-For} entry, else the peer), or {@code null}
 * @param traceId  the {@code X-Request-Id} header when it is a safe id, else a fresh one
 */
public record RequestContext(String deviceId, String clientIp, String traceId) {
}
