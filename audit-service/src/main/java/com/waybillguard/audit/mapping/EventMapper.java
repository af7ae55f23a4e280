package com.waybillguard.audit.mapping;

import com.waybillguard.audit.domain.AuditEvent;
import com.waybillguard.audit.domain.Checkpoint;
import com.waybillguard.audit.domain.ChainedEvent;
import com.waybillguard.audit.domain.SignedCheckpoint;

/** Entities to API records. */
public final class EventMapper {

    private EventMapper() {
    }

    public static ChainedEvent toView(AuditEvent e) {
        ChainedEvent.Actor actor = e.actorSub == null && e.actorUsername == null && e.actorRole == null
                && e.actorOutletId == null && e.actorCourierId == null
                ? null
                : new ChainedEvent.Actor(e.actorSub, e.actorUsername, e.actorRole, e.actorOutletId, e.actorCourierId);
        return new ChainedEvent(e.seq, e.eventId, e.occurredAt, e.ingestedAt, e.source, e.action, actor, e.targetSub,
                e.deviceId, e.clientIp, e.waybillNo, e.purpose, e.view, e.disclosure, e.decision, e.reason, e.grantId,
                e.traceId, e.alert, e.prevHash, e.hash);
    }

    public static SignedCheckpoint toView(Checkpoint c) {
        return new SignedCheckpoint(c.id, c.seq, c.hash, c.createdAt, c.prevDigest, c.keyId, c.algorithm, c.signature);
    }
}
