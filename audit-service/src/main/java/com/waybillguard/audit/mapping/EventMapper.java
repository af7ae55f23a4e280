package com.waybillguard.audit.mapping;

import com.waybillguard.audit.domain.AuditEvent;
import com.waybillguard.audit.domain.Checkpoint;
import com.waybillguard.audit.rest.dto.AuditEventView;
import com.waybillguard.audit.rest.dto.CheckpointView;

/** Entities to API records. */
public final class EventMapper {

    private EventMapper() {
    }

    public static AuditEventView toView(AuditEvent e) {
        AuditEventView.ActorView actor = e.actorSub == null && e.actorUsername == null && e.actorRole == null
                && e.actorOutletId == null && e.actorCourierId == null
                ? null
                : new AuditEventView.ActorView(e.actorSub, e.actorUsername, e.actorRole, e.actorOutletId, e.actorCourierId);
        return new AuditEventView(e.seq, e.eventId, e.occurredAt, e.ingestedAt, e.source, e.action, actor, e.targetSub,
                e.deviceId, e.clientIp, e.waybillNo, e.purpose, e.view, e.disclosure, e.decision, e.reason, e.grantId,
                e.traceId, e.prevHash, e.hash);
    }

    public static CheckpointView toView(Checkpoint c) {
        return new CheckpointView(c.id, c.seq, c.hash, c.createdAt, c.keyId, c.algorithm, c.signature);
    }
}
