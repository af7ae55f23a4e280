package com.waybillguard.waybill.service;

import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.Caller;
import com.waybillguard.waybill.domain.ProblemException;
import com.waybillguard.waybill.domain.ProblemType;
import com.waybillguard.waybill.domain.RequestContext;
import com.waybillguard.waybill.domain.Waybill;
import com.waybillguard.waybill.domain.WaybillNumber;
import com.waybillguard.waybill.domain.WaybillStatus;
import com.waybillguard.waybill.mapping.AuditEvent;
import com.waybillguard.waybill.repository.WaybillRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Admin writes (docs/api.md, "Admin API"). A suspended caller is refused before anything is written. Each
 * write stores its audit event in the same transaction ({@link AuditOutbox}): the event exists if and only if
 * the write commits, and is appended to the audit stream right after the commit (or, when the stream is away,
 * as soon as it is back). A write that loses a race with another write of the same waybill (its {@code version}
 * moved on) is {@code concurrent-update}, and nothing of it is kept.
 */
@ApplicationScoped
public class WaybillAdminService {

    static final String ACTION_CREATED = "WAYBILL_CREATED";
    static final String ACTION_UPDATED = "WAYBILL_UPDATED";
    private static final int GENERATE_ATTEMPTS = 5;
    private static final String UNIQUE_VIOLATION = "23505";

    private final SuspensionService suspensions;
    private final WaybillRepository repository;
    private final WaybillNumberGenerator numbers;
    private final AuditOutbox outbox;
    private final String source;

    WaybillAdminService(SuspensionService suspensions, WaybillRepository repository, WaybillNumberGenerator numbers,
                        AuditOutbox outbox, WaybillServiceConfig config) {
        this.suspensions = suspensions;
        this.repository = repository;
        this.numbers = numbers;
        this.outbox = outbox;
        this.source = config.audit().source();
    }

    /** Stores a new waybill; answers its number. */
    public Uni<String> create(AdminWrites.CreateWaybill request, Caller caller, RequestContext context) {
        return suspensions.requireNotSuspended(caller.sub())
                .chain(() -> Panache.withTransaction(() -> insert(request, caller, context)))
                .call(committed -> outbox.publish());
    }

    /** Moves a waybill to its next status; answers the new status. */
    public Uni<AdminWrites.StatusChanged> changeStatus(String waybillNo, WaybillStatus next, Caller caller,
                                                      RequestContext context) {
        return suspensions.requireNotSuspended(caller.sub())
                .chain(() -> Panache.withTransaction(() -> moveStatus(waybillNo, next, caller, context)))
                .call(committed -> outbox.publish())
                .onFailure(WaybillAdminService::isConcurrentUpdate).transform(WaybillAdminService::concurrentUpdate);
    }

    /** Replaces both courier slots of a waybill; answers the new assignment. */
    public Uni<AdminWrites.Assigned> assign(String waybillNo, AdminWrites.Assignment assignment, Caller caller,
                                            RequestContext context) {
        return suspensions.requireNotSuspended(caller.sub())
                .chain(() -> Panache.withTransaction(() -> reassign(waybillNo, assignment, caller, context)))
                .call(committed -> outbox.publish())
                .onFailure(WaybillAdminService::isConcurrentUpdate).transform(WaybillAdminService::concurrentUpdate);
    }

    private Uni<String> insert(AdminWrites.CreateWaybill request, Caller caller, RequestContext context) {
        Uni<String> number = request.waybillNo() != null
                ? repository.existsByNumber(request.waybillNo()).map(exists -> {
                    if (exists) {
                        throw new ProblemException(ProblemType.WAYBILL_EXISTS, "A waybill with this number exists.");
                    }
                    return request.waybillNo();
                })
                : freeNumber(GENERATE_ATTEMPTS);
        return number
                .flatMap(no -> repository.persistAndFlush(toEntity(no, request)))
                .onFailure(WaybillAdminService::isUniqueViolation).transform(f ->
                        new ProblemException(ProblemType.WAYBILL_EXISTS, "A waybill with this number exists."))
                .call(w -> outbox.record(event(caller, context, ACTION_CREATED, w.waybillNo, "created")))
                .map(w -> w.waybillNo);
    }

    private Uni<AdminWrites.StatusChanged> moveStatus(String waybillNo, WaybillStatus next, Caller caller,
                                                      RequestContext context) {
        return load(waybillNo)
                .invoke(w -> {
                    if (!w.status.canMoveTo(next)) {
                        throw new ProblemException(ProblemType.ILLEGAL_STATUS_TRANSITION,
                                "A waybill in status " + w.status + " cannot move to " + next + ".");
                    }
                    w.status = next;
                    w.updatedAt = now();
                })
                .call(w -> repository.flush())
                .call(w -> outbox.record(event(caller, context, ACTION_UPDATED, waybillNo, "status:" + next)))
                .map(w -> new AdminWrites.StatusChanged(w.waybillNo, w.status, w.updatedAt));
    }

    private Uni<AdminWrites.Assigned> reassign(String waybillNo, AdminWrites.Assignment assignment, Caller caller,
                                               RequestContext context) {
        return load(waybillNo)
                .invoke(w -> {
                    w.pickupCourierId = assignment.pickupCourierId();
                    w.deliveryCourierId = assignment.deliveryCourierId();
                    w.updatedAt = now();
                })
                .call(w -> repository.flush())
                .call(w -> outbox.record(event(caller, context, ACTION_UPDATED, waybillNo, "assignment")))
                .map(w -> new AdminWrites.Assigned(w.waybillNo, w.pickupCourierId, w.deliveryCourierId, w.updatedAt));
    }

    private Uni<Waybill> load(String waybillNo) {
        if (!WaybillNumber.isValid(waybillNo)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.INVALID_WAYBILL_NUMBER,
                    "A waybill number is two capital letters followed by 10 to 18 digits."));
        }
        return repository.findByNumber(waybillNo).map(w -> {
            if (w == null) {
                throw new ProblemException(ProblemType.WAYBILL_NOT_FOUND, "No such waybill.");
            }
            return w;
        });
    }

    private Uni<String> freeNumber(int attemptsLeft) {
        String candidate = numbers.next();
        return repository.existsByNumber(candidate).flatMap(exists -> {
            if (!exists) {
                return Uni.createFrom().item(candidate);
            }
            if (attemptsLeft <= 1) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                        "No free waybill number could be generated; try again."));
            }
            return freeNumber(attemptsLeft - 1);
        });
    }

    private static Waybill toEntity(String waybillNo, AdminWrites.CreateWaybill r) {
        Waybill w = new Waybill();
        Instant now = now();
        w.waybillNo = waybillNo;
        w.status = r.status() != null ? r.status() : WaybillStatus.CREATED;
        w.originOutletId = r.originOutletId();
        w.destinationOutletId = r.destinationOutletId();
        w.weightGrams = r.weightGrams();
        w.itemCategory = r.itemCategory();
        w.pickupCourierId = r.pickupCourierId();
        w.deliveryCourierId = r.deliveryCourierId();
        w.senderName = r.sender().name().strip();
        w.senderPhone = r.sender().phone().strip();
        w.senderProvince = r.sender().address().province().strip();
        w.senderCity = r.sender().address().city().strip();
        w.senderDistrict = r.sender().address().district().strip();
        w.senderDetail = r.sender().address().detail().strip();
        w.receiverName = r.receiver().name().strip();
        w.receiverPhone = r.receiver().phone().strip();
        w.receiverProvince = r.receiver().address().province().strip();
        w.receiverCity = r.receiver().address().city().strip();
        w.receiverDistrict = r.receiver().address().district().strip();
        w.receiverDetail = r.receiver().address().detail().strip();
        w.canary = Boolean.TRUE.equals(r.canary());
        w.createdAt = now;
        w.updatedAt = now;
        return w;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Hibernate's answer to an update whose {@code version} another transaction has moved on. */
    private static boolean isConcurrentUpdate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.StaleStateException || t instanceof jakarta.persistence.OptimisticLockException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static Throwable concurrentUpdate(Throwable failure) {
        return new ProblemException(ProblemType.CONCURRENT_UPDATE,
                "The waybill was changed by another request at the same time; try again.");
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.pgclient.PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private AuditEvent event(Caller caller, RequestContext context, String action, String waybillNo, String reason) {
        String deviceId = DeviceIds.isValid(context.deviceId()) ? context.deviceId() : null;
        return new AuditEvent(UUID.randomUUID().toString(), Instant.now().toString(), source, action,
                new AuditEvent.Actor(caller.sub(), caller.username(), caller.role(), caller.outletId(),
                        caller.courierId()),
                deviceId, context.clientIp(), waybillNo, null, null, null, "ALLOW", reason, null, context.traceId(),
                null, null);
    }
}
