package com.waybillguard.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.waybillguard.gateway.client.AuditServiceClient;
import com.waybillguard.gateway.client.Forwarded;
import com.waybillguard.gateway.client.UpstreamResponse;
import com.waybillguard.gateway.domain.RequestContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.function.Function;

/**
 * The auditor console's questions to audit-service, asked with the signed-in auditor's access token exactly as the
 * audit API is asked through the gateway (audit-service checks the role and the suspension, and audits the
 * auditor's own actions). Answers are JSON for the page; refusals come back as their problems.
 */
@ApplicationScoped
public class AuditReview {

    private final AuditServiceClient audit;
    private final ObjectMapper json;

    public AuditReview(AuditServiceClient audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /** One auditor's session: the access token and the request it came with. */
    public record Session(String accessToken, RequestContext request) {

        Forwarded forwarded() {
            return new Forwarded("Bearer " + accessToken, null, null, request.clientIp(), request.traceId());
        }
    }

    public Uni<UpstreamAnswer> events(Session session, Map<String, String> filters) {
        return ask(session, forwarded -> audit.events(filters, forwarded));
    }

    public Uni<UpstreamAnswer> timeline(Session session, String actor, Map<String, String> filters) {
        return ask(session, forwarded -> audit.timeline(actor, filters, forwarded));
    }

    public Uni<UpstreamAnswer> history(Session session, String waybillNo, Map<String, String> filters) {
        return ask(session, forwarded -> audit.history(waybillNo, filters, forwarded));
    }

    public Uni<UpstreamAnswer> alerts(Session session, Map<String, String> filters) {
        return ask(session, forwarded -> audit.alerts(filters, forwarded));
    }

    public Uni<UpstreamAnswer> resolve(Session session, String alertId, String comment) {
        ObjectNode body = json.createObjectNode().put("comment", comment);
        return ask(session, forwarded -> audit.resolveAlert(alertId, body, forwarded));
    }

    /** {@code action} is {@code suspend} or {@code reinstate}. */
    public Uni<UpstreamAnswer> account(Session session, String sub, String action, String reason) {
        ObjectNode body = json.createObjectNode().put("reason", reason);
        return ask(session, forwarded -> audit.accountAction(sub, action, body, forwarded));
    }

    /** The newest signed checkpoint (with the published keys). */
    public Uni<UpstreamAnswer> latestCheckpoint(Session session) {
        return ask(session, forwarded -> audit.checkpoints(Map.of("size", "1"), forwarded));
    }

    /** Verification of the chain from {@code fromSeq} to its head. */
    public Uni<UpstreamAnswer> verifyFrom(Session session, long fromSeq) {
        return ask(session, forwarded -> audit.verify(Map.of("fromSeq", Long.toString(fromSeq)), forwarded));
    }

    private Uni<UpstreamAnswer> ask(Session session, Function<Forwarded, Uni<UpstreamResponse>> call) {
        return call.apply(session.forwarded()).map(response -> UpstreamAnswer.of(json, response));
    }
}
