package com.waybillguard.audit.rest;

import com.waybillguard.audit.config.AuditConfig;
import com.waybillguard.audit.domain.ProblemException;
import com.waybillguard.audit.domain.CheckpointPage;
import com.waybillguard.audit.domain.SignedCheckpoint;
import com.waybillguard.audit.domain.EventPage;
import com.waybillguard.audit.domain.VerifyResult;
import com.waybillguard.audit.service.ChainVerifier;
import com.waybillguard.audit.service.CheckpointService;
import com.waybillguard.audit.service.EventFilter;
import com.waybillguard.audit.service.EventQueryService;
import com.waybillguard.audit.service.ExportService;
import com.waybillguard.audit.service.SuspensionService;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.jwt.JsonWebToken;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.util.function.Supplier;

/** The auditors' view of the audit log (role {@code auditor}; a suspended auditor is refused). */
@Path("/api/v1/audit")
@RolesAllowed("auditor")
@SecurityRequirement(name = AuditApiDocument.BEARER)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final int MAX_PAGE = 1_000_000;
    /** Media type of an export: newline-delimited JSON. */
    static final String EXPORT_MEDIA_TYPE = "application/x-ndjson";

    private final EventQueryService queries;
    private final ChainVerifier verifier;
    private final CheckpointService checkpoints;
    private final ExportService exports;
    private final AuditConfig config;
    private final SuspensionService suspensions;
    private final JsonWebToken token;

    public AuditResource(EventQueryService queries, ChainVerifier verifier, CheckpointService checkpoints,
                         ExportService exports, AuditConfig config, SuspensionService suspensions, JsonWebToken token) {
        this.queries = queries;
        this.verifier = verifier;
        this.checkpoints = checkpoints;
        this.exports = exports;
        this.config = config;
        this.suspensions = suspensions;
        this.token = token;
    }

    /** {@code work} (parameters checked inside it), once the caller's own account is known not to be suspended. */
    private <T> Uni<T> asCaller(Supplier<Uni<T>> work) {
        return suspensions.ensureNotSuspended(Callers.of(token)).chain(ignored -> work.get());
    }

    @GET
    @Path("/events")
    @Operation(summary = "Search audit events, newest first; actor matches sub or username; page counts from 0, "
            + "or continue with cursor = nextCursor of the previous page")
    @APIResponse(responseCode = "200", description = "One page of events, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventPage.class)))
    @APIResponse(responseCode = "400", ref = AuditApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = AuditApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = AuditApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = AuditApiDocument.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = AuditApiDocument.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = AuditApiDocument.SERVICE_UNAVAILABLE)
    public Uni<EventPage> events(@RestQuery String actor, @RestQuery String waybillNo, @RestQuery String outletId,
                                 @RestQuery String action, @RestQuery String decision, @RestQuery String from,
                                 @RestQuery String to, @RestQuery String page, @RestQuery String size,
                                 @RestQuery String cursor) {
        return asCaller(() -> queries.search(filter(actor, waybillNo, outletId, action, decision, from, to, page, size, cursor)));
    }

    @GET
    @Path("/actors/{actor}/timeline")
    @Operation(summary = "One actor's events (sub or username), newest first, with the filters and paging of /events")
    @APIResponse(responseCode = "200", description = "One page of the actor's events, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventPage.class)))
    @APIResponse(responseCode = "400", ref = AuditApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = AuditApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = AuditApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = AuditApiDocument.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = AuditApiDocument.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = AuditApiDocument.SERVICE_UNAVAILABLE)
    public Uni<EventPage> actorTimeline(@RestPath String actor, @RestQuery String waybillNo, @RestQuery String outletId,
                                        @RestQuery String action, @RestQuery String decision, @RestQuery String from,
                                        @RestQuery String to, @RestQuery String page, @RestQuery String size,
                                        @RestQuery String cursor) {
        return asCaller(() -> queries.search(filter(null, waybillNo, outletId, action, decision, from, to, page, size, cursor)
                .withActor(QueryParams.text("actor", actor))));
    }

    @GET
    @Path("/waybills/{waybillNo}/history")
    @Operation(summary = "Every event about one waybill (grants, reads, refusals, admin writes), newest first")
    @APIResponse(responseCode = "200", description = "One page of the waybill's events, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EventPage.class)))
    @APIResponse(responseCode = "400", ref = AuditApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = AuditApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = AuditApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = AuditApiDocument.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = AuditApiDocument.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = AuditApiDocument.SERVICE_UNAVAILABLE)
    public Uni<EventPage> waybillHistory(@RestPath String waybillNo, @RestQuery String actor, @RestQuery String outletId,
                                         @RestQuery String action, @RestQuery String decision, @RestQuery String from,
                                         @RestQuery String to, @RestQuery String page, @RestQuery String size,
                                         @RestQuery String cursor) {
        return asCaller(() -> queries.search(filter(actor, null, outletId, action, decision, from, to, page, size, cursor)
                .withWaybillNo(QueryParams.waybillNo(waybillNo))));
    }

    private EventFilter filter(String actor, String waybillNo, String outletId, String action, String decision,
                               String from, String to, String page, String size, String cursor) {
        Instant fromInstant = QueryParams.instant("from", from);
        Instant toInstant = QueryParams.instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw ProblemException.invalidRequest("Parameter 'from' must be before 'to'.");
        }
        int pageNumber = (int) QueryParams.number("page", page, 0, 0, MAX_PAGE);
        QueryParams.Cursor after = QueryParams.cursor(cursor);
        if (after != null && pageNumber > 0) {
            throw ProblemException.invalidRequest("Give either 'page' or 'cursor', not both.");
        }
        return new EventFilter(
                QueryParams.text("actor", actor),
                QueryParams.text("waybillNo", waybillNo),
                QueryParams.text("outletId", outletId),
                QueryParams.action(action),
                QueryParams.decision(decision),
                fromInstant,
                toInstant,
                pageNumber,
                (int) QueryParams.number("size", size, config.query().defaultSize(), 1, config.query().maxSize()),
                after == null ? null : after.occurredAt(),
                after == null ? null : after.seq());
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Recompute the hash chain over fromSeq..toSeq (default: all of it) and check it against the "
            + "signed checkpoints in the range and the newest one; a range beyond the chain's end is a 400")
    @APIResponse(responseCode = "200", description = "The outcome; valid=false names firstBrokenSeq and the reason",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerifyResult.class)))
    @APIResponse(responseCode = "400", ref = AuditApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = AuditApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = AuditApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = AuditApiDocument.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = AuditApiDocument.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = AuditApiDocument.SERVICE_UNAVAILABLE)
    public Uni<VerifyResult> verify(@RestQuery String fromSeq, @RestQuery String toSeq) {
        return asCaller(() -> {
            QueryParams.SeqRange range = QueryParams.seqRange(fromSeq, toSeq);
            return verifier.verify(range.from(), range.to());
        });
    }

    @GET
    @Path("/export")
    @Produces(EXPORT_MEDIA_TYPE)
    @Operation(summary = "Export fromSeq..toSeq (default: from 1, as many as one export holds) as NDJSON for offline "
            + "verification: a header with the public keys, the checkpoints a verifier needs, accepted retention gaps, "
            + "and every event with its canonical text")
    @APIResponse(responseCode = "200", description = "The export, one JSON object per line",
            content = @Content(mediaType = EXPORT_MEDIA_TYPE, schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "400", ref = AuditApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = AuditApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = AuditApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = AuditApiDocument.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = AuditApiDocument.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = AuditApiDocument.SERVICE_UNAVAILABLE)
    public Uni<String> export(@RestQuery String fromSeq, @RestQuery String toSeq) {
        return asCaller(() -> {
            QueryParams.SeqRange range = QueryParams.seqRange(fromSeq, toSeq);
            return exports.export(range.from(), range.to());
        });
    }

    @GET
    @Path("/checkpoints")
    @Operation(summary = "Signed checkpoints of the chain head, newest first, with the public keys that verify them "
            + "(the current one and retired ones)")
    @APIResponse(responseCode = "200", description = "One page of checkpoints and the public keys",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckpointPage.class)))
    @APIResponse(responseCode = "400", ref = AuditApiDocument.INVALID_REQUEST)
    @APIResponse(responseCode = "401", ref = AuditApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = AuditApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = AuditApiDocument.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = AuditApiDocument.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = AuditApiDocument.SERVICE_UNAVAILABLE)
    public Uni<CheckpointPage> checkpoints(@RestQuery String page, @RestQuery String size) {
        return asCaller(() -> checkpoints.list((int) QueryParams.number("page", page, 0, 0, MAX_PAGE),
                (int) QueryParams.number("size", size, config.query().defaultSize(), 1, config.query().maxSize())));
    }

    @POST
    @Path("/checkpoints")
    @ResponseStatus(201)
    @Operation(summary = "Sign a checkpoint of the current chain head now")
    @APIResponse(responseCode = "201", description = "The checkpoint just signed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignedCheckpoint.class)))
    @APIResponse(responseCode = "401", ref = AuditApiDocument.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = AuditApiDocument.FORBIDDEN)
    @APIResponse(responseCode = "406", ref = AuditApiDocument.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = AuditApiDocument.INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = AuditApiDocument.SERVICE_UNAVAILABLE)
    public Uni<SignedCheckpoint> checkpointNow() {
        return asCaller(checkpoints::create);
    }
}
