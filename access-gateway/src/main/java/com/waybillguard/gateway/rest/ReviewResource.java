package com.waybillguard.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.service.AccessPolicy;
import com.waybillguard.gateway.service.AuditReview;
import com.waybillguard.gateway.service.UpstreamAnswer;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * The auditor console at {@code /review/} (role {@code auditor}; signed in like the clerk console): the chain's
 * verification and the newest signed checkpoint, the open alerts with their evidence (resolved with a comment),
 * searches of the trail paged by cursor, an account's timeline with its reads per hour against its role's hourly
 * quota, a waybill's history, and suspending or reinstating an account. Every question goes to audit-service with
 * the auditor's own token ({@link AuditReview}), so it checks the role and the suspension and records the actions.
 * Every form is a POST with a CSRF token; filters never travel in a URL.
 */
@Path("/review")
@RolesAllowed(AccessPolicy.AUDITOR_ROLE)
public class ReviewResource {

    private static final int PAGE_SIZE = 50;
    private static final int OPEN_ALERTS = 20;
    /** How far back the overview verifies the chain from the newest checkpoint. */
    private static final long VERIFIED_TAIL = 1000;
    private static final int CHART_HOURS = 24;
    private static final int CHART_WIDTH = 720;
    private static final int CHART_HEIGHT = 160;
    private static final int CHART_READS = 500;
    /** An hour label under every sixth bar. */
    private static final int CHART_LABEL_EVERY = 6;

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance review(ReviewPage page);
    }

    private final AuditReview review;
    private final ConsoleLabels labels;
    private final SecurityIdentity identity;
    private final AccessTokenCredential accessToken;
    private final GatewayConfig config;

    public ReviewResource(AuditReview review, ConsoleLabels labels, SecurityIdentity identity,
                          AccessTokenCredential accessToken, GatewayConfig config) {
        this.review = review;
        this.labels = labels;
        this.identity = identity;
        this.accessToken = accessToken;
        this.config = config;
    }

    @GET
    @Path("/")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> overview(@RestCookie(ConsoleResource.LANGUAGE_COOKIE) String lang,
                                  @RestCookie(ConsoleForms.COOKIE) String csrf, HttpServerRequest request) {
        Visit visit = visit(lang, ConsoleForms.token(csrf), request);
        return overview(visit, null, null);
    }

    @POST
    @Path("/search")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> search(@RestForm String actor, @RestForm String waybillNo, @RestForm String outletId,
                                @RestForm String action, @RestForm String decision, @RestForm String from,
                                @RestForm String to, @RestForm String cursor,
                                @RestForm(ConsoleForms.FIELD) String csrfField,
                                @RestCookie(ConsoleResource.LANGUAGE_COOKIE) String lang,
                                @RestCookie(ConsoleForms.COOKIE) String csrf, HttpServerRequest request) {
        Map<String, String> shown = new LinkedHashMap<>();
        put(shown, "actor", actor);
        put(shown, "waybillNo", waybillNo);
        put(shown, "outletId", outletId);
        put(shown, "action", action);
        put(shown, "decision", decision);
        put(shown, "from", from);
        put(shown, "to", to);
        Map<String, String> query = new LinkedHashMap<>(shown);
        query.computeIfPresent("from", (k, v) -> instant(v));
        query.computeIfPresent("to", (k, v) -> instant(v));
        query.put("size", Integer.toString(PAGE_SIZE));
        put(query, "cursor", cursor);
        return form(csrf, csrfField, lang, request, visit -> review.events(visit.session(), query)
                .map(answer -> render(page(visit, null, null, label(visit, "review.results"), answer, shown, null))));
    }

    @POST
    @Path("/account")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> timeline(@RestForm String actor, @RestForm(ConsoleForms.FIELD) String csrfField,
                                  @RestCookie(ConsoleResource.LANGUAGE_COOKIE) String lang,
                                  @RestCookie(ConsoleForms.COOKIE) String csrf, HttpServerRequest request) {
        String who = actor == null ? "" : actor.trim();
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant since = now.minus(Duration.ofHours(CHART_HOURS));
        Map<String, String> reads = Map.of("action", "WAYBILL_READ", "decision", "ALLOW",
                "from", since.toString(), "size", Integer.toString(CHART_READS));
        return form(csrf, csrfField, lang, request, visit -> review.timeline(visit.session(), who,
                        Map.of("size", Integer.toString(PAGE_SIZE)))
                .flatMap(events -> !events.ok() ? Uni.createFrom().item(page(visit, null, null, null, events, Map.of("actor", who), null))
                        : review.timeline(visit.session(), who, reads).map(hourly -> page(visit, null, null,
                        label(visit, "review.timeline") + ": " + who, events, Map.of("actor", who),
                        chart(visit, hourly, events, since))))
                .map(ReviewResource::render));
    }

    @POST
    @Path("/waybill")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> history(@RestForm String waybillNo, @RestForm(ConsoleForms.FIELD) String csrfField,
                                 @RestCookie(ConsoleResource.LANGUAGE_COOKIE) String lang,
                                 @RestCookie(ConsoleForms.COOKIE) String csrf, HttpServerRequest request) {
        String number = waybillNo == null ? "" : waybillNo.trim();
        return form(csrf, csrfField, lang, request, visit -> review.history(visit.session(), number,
                        Map.of("size", Integer.toString(PAGE_SIZE)))
                .map(answer -> render(page(visit, null, null, label(visit, "review.history") + ": " + number, answer,
                        Map.of("waybillNo", number), null))));
    }

    @POST
    @Path("/alerts/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> resolve(@RestForm String id, @RestForm String comment,
                                 @RestForm(ConsoleForms.FIELD) String csrfField,
                                 @RestCookie(ConsoleResource.LANGUAGE_COOKIE) String lang,
                                 @RestCookie(ConsoleForms.COOKIE) String csrf, HttpServerRequest request) {
        return form(csrf, csrfField, lang, request, visit -> review.resolve(visit.session(),
                        id == null ? "" : id.trim(), comment == null ? "" : comment.trim())
                .flatMap(answer -> answer.ok() ? overview(visit, label(visit, "review.resolved"), null)
                        : overview(visit, null, refused(visit, answer))));
    }

    @POST
    @Path("/accounts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> account(@RestForm String sub, @RestForm String action, @RestForm String reason,
                                 @RestForm(ConsoleForms.FIELD) String csrfField,
                                 @RestCookie(ConsoleResource.LANGUAGE_COOKIE) String lang,
                                 @RestCookie(ConsoleForms.COOKIE) String csrf, HttpServerRequest request) {
        String account = sub == null ? "" : sub.trim();
        String verb = "reinstate".equals(action) ? "reinstate" : "suspend";
        // an auditor may type the username: the trail knows which account (sub) it is
        return form(csrf, csrfField, lang, request, visit -> review.events(visit.session(),
                        Map.of("actor", account, "size", "1"))
                .map(found -> found.ok() ? found.body().path("items").path(0).path("actor").path("sub").asText(account)
                        : account)
                .flatMap(target -> review.account(visit.session(), target, verb, reason == null ? "" : reason.trim()))
                .flatMap(answer -> answer.ok()
                        ? overview(visit, labels.format(visit.language(),
                                "suspend".equals(verb) ? "review.suspended" : "review.reinstated", Map.of("sub", account)), null)
                        : overview(visit, null, refused(visit, answer))));
    }

    /**
     * One form post: its CSRF token checked before anything else, then {@code action} for the auditor's visit; an
     * audit-service that does not answer is a page saying so.
     */
    private Uni<Response> form(String csrf, String csrfField, String lang, HttpServerRequest request,
                               Function<Visit, Uni<Response>> action) {
        ConsoleForms.verify(csrf, csrfField, request);
        Visit visit = visit(lang, csrf, request);
        return action.apply(visit).onFailure(ProblemException.class).recoverWithItem(f -> render(unavailable(visit)));
    }

    /** One auditor's request: language, CSRF token, and the session to ask audit-service with. */
    private record Visit(String language, String csrf, AuditReview.Session session, String username) {
    }

    private Visit visit(String lang, String csrf, HttpServerRequest request) {
        String username = Callers.caller(identity).username();
        return new Visit(ConsoleLabels.language(lang), csrf, new AuditReview.Session(accessToken.getToken(),
                Callers.context(request, null)), username);
    }

    /** The overview: chain status, newest checkpoint, open alerts. */
    private Uni<Response> overview(Visit visit, String message, String error) {
        return review.latestCheckpoint(visit.session()).flatMap(checkpoints -> {
            JsonNode newest = checkpoints.body().path("items").path(0);
            long from = newest.isMissingNode() ? 1 : Math.max(1, newest.path("seq").asLong() - VERIFIED_TAIL);
            return review.verifyFrom(visit.session(), from).flatMap(verified -> review.alerts(visit.session(),
                            Map.of("status", "OPEN", "size", Integer.toString(OPEN_ALERTS)))
                    .map(alerts -> {
                        ReviewPage base = page(visit, message, error, null, null, Map.of(), null);
                        return new ReviewPage(base.lang(), base.csrf(), base.labels(), base.username(), message,
                                error != null ? error : checkpoints.ok() ? null : refused(visit, checkpoints),
                                chain(visit, verified), verified.ok() && verified.body().path("valid").asBoolean(),
                                checkpoint(visit, newest), alerts(alerts), null, List.of(), Map.of(), null, null);
                    }));
        }).onFailure(ProblemException.class).recoverWithItem(f -> unavailable(visit)).map(ReviewResource::render);
    }

    private ReviewPage page(Visit visit, String message, String error, String resultsTitle, UpstreamAnswer events,
                            Map<String, String> filters, ReviewPage.Chart chart) {
        String refusal = events == null || events.ok() ? error : refused(visit, events);
        List<ReviewPage.Event> rows = events == null || !events.ok() ? List.of() : events(events.body().path("items"));
        String next = events != null && events.ok() && events.body().path("hasMore").asBoolean()
                ? events.body().path("nextCursor").asText(null) : null;
        return new ReviewPage(visit.language(), visit.csrf(), labels.all(visit.language()), visit.username(), message,
                refusal, null, false, null, List.of(), resultsTitle, rows, filters, next, chart);
    }

    private ReviewPage unavailable(Visit visit) {
        return page(visit, null, label(visit, "review.unavailable"), null, null, Map.of(), null);
    }

    private String chain(Visit visit, UpstreamAnswer verified) {
        if (!verified.ok()) {
            return refused(visit, verified);
        }
        JsonNode v = verified.body();
        return v.path("valid").asBoolean()
                ? labels.format(visit.language(), "review.chainValid", Map.of("checked", v.path("checked").asLong(),
                "from", v.path("fromSeq").asLong(), "head", v.path("headSeq").asLong(),
                "checkpoints", v.path("checkpoints").asLong()))
                : labels.format(visit.language(), "review.chainBroken", Map.of("seq", v.path("firstBrokenSeq").asText(),
                "reason", v.path("reason").asText("")));
    }

    private String checkpoint(Visit visit, JsonNode newest) {
        if (newest.isMissingNode()) {
            return label(visit, "review.noCheckpoint");
        }
        return labels.format(visit.language(), "review.checkpoint", Map.of("seq", newest.path("seq").asLong(),
                "time", shown(newest.path("createdAt").asText()), "key", newest.path("keyId").asText()));
    }

    private static List<ReviewPage.Alert> alerts(UpstreamAnswer alerts) {
        if (!alerts.ok()) {
            return List.of();
        }
        return StreamSupport.stream(alerts.body().path("items").spliterator(), false)
                .map(a -> new ReviewPage.Alert(a.path("id").asText(), a.path("rule").asText(),
                        a.path("severity").asText(), shown(a.path("raisedAt").asText()),
                        a.path("actor").path("username").asText(a.path("actor").path("sub").asText("-")),
                        a.path("actor").path("sub").asText(""),
                        a.path("summary").asText(), evidence(a.path("evidence"))))
                .toList();
    }

    private static String evidence(JsonNode evidence) {
        List<String> parts = new ArrayList<>();
        evidence.path("figures").fields().forEachRemaining(f -> parts.add(f.getKey() + " " + f.getValue().asText()));
        int events = evidence.path("eventIds").size();
        if (events > 0) {
            parts.add(events + " event(s)");
        }
        return String.join(" · ", parts);
    }

    private static List<ReviewPage.Event> events(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false)
                .map(e -> new ReviewPage.Event(e.path("seq").asText(), shown(e.path("occurredAt").asText()),
                        e.path("action").asText(), e.path("decision").asText(""),
                        e.path("actor").path("username").asText(e.path("actor").path("sub").asText("")),
                        e.path("actor").path("role").asText(""), e.path("actor").path("outletId").asText(""),
                        e.path("waybillNo").asText(""),
                        join(e.path("purpose").asText(""), e.path("view").asText("")), e.path("reason").asText("")))
                .toList();
    }

    /** Reads per hour of the last {@link #CHART_HOURS} hours, against the hourly quota of the account's role. */
    private ReviewPage.Chart chart(Visit visit, UpstreamAnswer reads, UpstreamAnswer events, Instant since) {
        long[] perHour = new long[CHART_HOURS];
        if (reads.ok()) {
            for (JsonNode e : reads.body().path("items")) {
                Instant at = Instant.parse(e.path("occurredAt").asText());
                int hour = (int) Duration.between(since, at).toHours();
                if (hour >= 0 && hour < CHART_HOURS) {
                    perHour[hour]++;
                }
            }
        }
        String role = events.body().path("items").path(0).path("actor").path("role").asText("");
        GatewayConfig.Limits limits = config.quota().roles().get(role);
        long quota = limits == null ? 0 : limits.perHour();
        long top = Math.max(1, quota);
        for (long n : perHour) {
            top = Math.max(top, n);
        }
        int slot = CHART_WIDTH / CHART_HOURS;
        List<ReviewPage.Bar> bars = new ArrayList<>();
        DateTimeFormatter hourOf = DateTimeFormatter.ofPattern("HH:00").withZone(ConsoleLabels.ZONE);
        for (int i = 0; i < CHART_HOURS; i++) {
            int height = (int) Math.round((double) perHour[i] * CHART_HEIGHT / top);
            bars.add(new ReviewPage.Bar(i * slot + 2, CHART_HEIGHT - height, slot - 4, height,
                    hourOf.format(since.plus(Duration.ofHours(i))), perHour[i], i % CHART_LABEL_EVERY == 0));
        }
        int quotaY = quota == 0 ? -1 : CHART_HEIGHT - (int) Math.round((double) quota * CHART_HEIGHT / top);
        return new ReviewPage.Chart(labels.format(visit.language(), "review.readsPerHour", Map.of("quota", quota)),
                bars, quotaY, CHART_WIDTH, CHART_HEIGHT);
    }

    private String refused(Visit visit, UpstreamAnswer answer) {
        String detail = answer.detail();
        return labels.format(visit.language(), "review.refused", Map.of("detail", detail == null ? "" : detail));
    }

    private String label(Visit visit, String key) {
        return labels.all(visit.language()).getOrDefault(key, key);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " / " + b;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value.trim());
        }
    }

    /** A {@code datetime-local} value read as Beijing time, as the API's instant; anything else as typed. */
    private static String instant(String local) {
        try {
            return LocalDateTime.parse(local).atZone(ConsoleLabels.ZONE).toInstant().toString();
        } catch (DateTimeParseException e) {
            return local;
        }
    }

    private static String shown(String instant) {
        try {
            return ConsoleLabels.TIME.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    private static Response render(ReviewPage page) {
        return Response.ok(Templates.review(page))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(ConsoleForms.cookie(page.csrf()))
                .build();
    }
}
