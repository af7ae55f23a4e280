package com.waybillguard.waybill.service;

/** One read as it arrived: the path, the caller's verified token subject and the request headers. */
public record ReadRequest(String waybillNo, String tokenSub, String tokenUsername, String tokenRole,
                          String grant, String deviceId, String clientIp, String traceId) {
}
