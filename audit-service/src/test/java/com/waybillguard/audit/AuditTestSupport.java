package com.waybillguard.audit;

import io.smallrye.jwt.build.Jwt;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Tokens and events for the integration tests. */
public final class AuditTestSupport {

    public static final String STREAM = "wg:audit:events";
    public static final String DEAD = "wg:audit:dead";
    public static final String GROUP = "audit-service";

    private AuditTestSupport() {
    }

    public static String token(String sub, String username, String role) {
        return Jwt.subject(sub)
                .preferredUserName(username)
                .groups(Set.of(role))
                .issuer("https://server.example.com")
                .audience("wg-gateway")
                .sign();
    }

    public static String auditor() {
        return token("sub-auditor-zhou", "auditor.zhou", "auditor");
    }

    public static String uniqueWaybillNo() {
        return "YT" + (1_000_000_000_000L + ThreadLocalRandom.current().nextLong(8_999_999_999_999L));
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A read event in the shape of docs/internals.md. */
    public static String event(String eventId, Instant occurredAt, String action, String sub, String username,
                               String outletId, String waybillNo, String decision) {
        return "{\"eventId\":\"" + eventId + "\",\"occurredAt\":\"" + occurredAt + "\",\"source\":\"waybill-service\","
                + "\"action\":\"" + action + "\",\"actor\":{\"sub\":\"" + sub + "\",\"username\":\"" + username
                + "\",\"role\":\"clerk\",\"outletId\":\"" + outletId + "\",\"courierId\":null},\"deviceId\":\"dev-1234\","
                + "\"clientIp\":\"127.0.0.1\",\"waybillNo\":\"" + waybillNo + "\",\"purpose\":\"COUNTER_INQUIRY\","
                + "\"view\":\"COUNTER_INQUIRY\",\"disclosure\":{\"sender.name\":\"MASKED\",\"sender.phone\":\"MASKED\","
                + "\"sender.address.detail\":\"HIDDEN\"},\"decision\":\"" + decision + "\",\"reason\":null,"
                + "\"grantId\":\"" + UUID.randomUUID() + "\",\"traceId\":\"trace-1\"}";
    }

    /**
     * An ALERT_RAISED event as another producer (access-gateway, waybill-service) appends it (design of issue 9):
     * ENUMERATION, enforce, about a clerk, with two evidence events and two figures.
     */
    public static String gatewayAlert(String alertId, Instant occurredAt, String sub, String username, List<String> evidence) {
        return "{\"eventId\":\"" + alertId + "\",\"occurredAt\":\"" + occurredAt + "\",\"source\":\"access-gateway\","
                + "\"action\":\"ALERT_RAISED\",\"actor\":{\"sub\":\"" + sub + "\",\"username\":\"" + username
                + "\",\"role\":\"clerk\",\"outletId\":\"HD-JZ\",\"courierId\":null},\"deviceId\":\"dev-1234\","
                + "\"clientIp\":\"203.0.113.7\",\"waybillNo\":\"YT1234567890123\",\"purpose\":\"COUNTER_INQUIRY\","
                + "\"reason\":\"12 near-consecutive waybill numbers in 40 s\",\"alert\":{\"rule\":\"ENUMERATION\","
                + "\"severity\":\"HIGH\",\"mode\":\"enforce\",\"summary\":\"12 near-consecutive waybill numbers in 40 s\","
                + "\"suspended\":\"true\",\"eventIds\":\"" + String.join(",", evidence) + "\",\"triggeredAt\":\""
                + occurredAt.minusMillis(120) + "\",\"figure.linked\":\"12\",\"figure.windowSeconds\":\"40\"}}";
    }
}
