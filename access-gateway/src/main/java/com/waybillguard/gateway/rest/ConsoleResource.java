package com.waybillguard.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.Identifiers;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.Purpose;
import com.waybillguard.gateway.domain.QuotaDecision;
import com.waybillguard.gateway.domain.QuotaWindow;
import com.waybillguard.gateway.domain.RetryAfter;
import com.waybillguard.gateway.service.AccessPolicy;
import com.waybillguard.gateway.service.ConsoleLookup;
import com.waybillguard.gateway.service.QuotaService;
import com.waybillguard.gateway.service.SuspensionService;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
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
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clerk console at {@code /console/} (server-rendered, signed in by the authorization code flow with PKCE of
 * the {@code wg-console} client): a lookup form limited to the purposes of the role, the quota left, and one waybill
 * view at a time, masked as the field policy decides and watermarked with the account, outlet and time of the access.
 * Every lookup is a grant and a read exactly as through the API ({@link ConsoleLookup}). Pages are never cached; the
 * number looked up travels in a form body, never in a URL.
 */
@Path("/console")
@RolesAllowed({"clerk", "courier", "cs_agent"})
public class ConsoleResource {

    static final String LANGUAGE_COOKIE = "wg-lang";
    static final String DEVICE_COOKIE = "wg-device";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The language and device cookies outlive a session: a year. */
    private static final int COOKIE_LIFETIME_SECONDS = 365 * 24 * 3600;
    private static final List<String> PARTY_FIELDS = List.of("name", "phone", "address.province", "address.city",
            "address.district", "address.detail");

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance console(ConsolePage page);
    }

    private final ConsoleLookup lookups;
    private final QuotaService quotas;
    private final AccessPolicy policy;
    private final SuspensionService suspensions;
    private final ConsoleLabels labels;
    private final SecurityIdentity identity;
    private final AccessTokenCredential accessToken;
    private final GatewayConfig config;

    public ConsoleResource(ConsoleLookup lookups, QuotaService quotas, AccessPolicy policy,
                           SuspensionService suspensions, ConsoleLabels labels, SecurityIdentity identity,
                           AccessTokenCredential accessToken, GatewayConfig config) {
        this.lookups = lookups;
        this.quotas = quotas;
        this.policy = policy;
        this.suspensions = suspensions;
        this.labels = labels;
        this.identity = identity;
        this.accessToken = accessToken;
        this.config = config;
    }

    @GET
    @Path("/")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> page(@RestCookie(LANGUAGE_COOKIE) String lang, @RestCookie(DEVICE_COOKIE) String device,
                              @RestCookie(ConsoleForms.COOKIE) String csrf) {
        Caller caller = Callers.caller(identity);
        Visit visit = new Visit(ConsoleLabels.language(lang), device(device), ConsoleForms.token(csrf));
        return suspensions.isSuspended(caller.sub()).flatMap(suspended -> suspended
                ? Uni.createFrom().item(render(page(caller, visit, List.of(), null, label(visit, "error.suspended"), null), visit))
                : quota(caller, visit).map(quota -> render(page(caller, visit, quota, null, null, null), visit)));
    }

    @POST
    @Path("/lookup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> lookup(@RestForm String waybillNo, @RestForm String purpose,
                                @RestForm(ConsoleForms.FIELD) String csrfField,
                                @RestCookie(LANGUAGE_COOKIE) String lang, @RestCookie(DEVICE_COOKIE) String device,
                                @RestCookie(ConsoleForms.COOKIE) String csrf, HttpServerRequest request) {
        ConsoleForms.verify(csrf, csrfField, request);
        Caller caller = Callers.caller(identity);
        Visit visit = new Visit(ConsoleLabels.language(lang), device(device), csrf, purpose);
        String number = waybillNo == null ? "" : waybillNo.trim();
        Optional<Purpose> chosen = Purpose.parse(purpose).filter(p -> policy.purposesFor(caller.roles()).contains(p));
        if (!Identifiers.isWaybillNo(number) || chosen.isEmpty()) {
            String error = label(visit, chosen.isEmpty() ? "error.purpose" : "error.invalidNumber");
            return quota(caller, visit).map(quota -> render(page(caller, visit, quota, null, error, number), visit));
        }
        Instant at = Instant.now();
        return lookups.lookup(caller, accessToken.getToken(), number, chosen.get(), Callers.context(request, visit.device()))
                .map(looked -> looked.answer().status() == 200
                        ? new Shown(result(visit, caller, looked.answer().body(), chosen.get(), at), null, looked.quota())
                        : new Shown(null, refusal(visit, looked.answer().body()), looked.quota()))
                .onFailure(ProblemException.class)
                .recoverWithItem(f -> new Shown(null, refusal(visit, (ProblemException) f), null))
                // a refused grant left no windows to show: those are peeked
                .flatMap(shown -> (shown.quota() != null ? Uni.createFrom().item(windows(visit, shown.quota()))
                        : quota(caller, visit)).map(quota -> render(page(caller, visit, quota, shown.result(),
                        shown.error(), shown.result() == null ? number : null), visit)));
    }

    /** The language of both consoles, for anyone signed in (auditors switch here too). */
    @POST
    @Path("/language")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response language(@RestForm String to, @RestForm String back, @RestForm(ConsoleForms.FIELD) String csrfField,
                             @RestCookie(ConsoleForms.COOKIE) String csrf, HttpServerRequest request) {
        ConsoleForms.verify(csrf, csrfField, request);
        return Response.seeOther(URI.create("review".equals(back) ? "/review/" : "/console/"))
                .cookie(cookie(LANGUAGE_COOKIE, ConsoleLabels.language(to)))
                .build();
    }

    /** One browser's request: its language, device id and CSRF token. */
    private record Visit(String language, String device, String csrf, String purpose) {

        Visit(String language, String device, String csrf) {
            this(language, device, csrf, null);
        }
    }

    private record Shown(ConsolePage.Result result, String error, QuotaDecision quota) {
    }

    private ConsolePage page(Caller caller, Visit visit, List<ConsolePage.Choice> quota, ConsolePage.Result result,
                             String error, String entered) {
        List<ConsolePage.Choice> purposes = policy.purposesFor(caller.roles()).stream()
                .map(p -> new ConsolePage.Choice(p.name(), label(visit, "purpose." + p.name()),
                        p.name().equals(visit.purpose())))
                .toList();
        long seconds = config.console().viewLifetime().toSeconds();
        String language = visit.language();
        return new ConsolePage(language, visit.csrf(), labels.all(language), caller.username(), caller.outletId(),
                purposes, quota, result, error, entered, (int) seconds,
                labels.format(language, "clearsIn", Map.of("seconds", seconds)),
                labels.format(language, "cleared", Map.of("seconds", seconds)));
    }

    private Uni<List<ConsolePage.Choice>> quota(Caller caller, Visit visit) {
        return policy.primaryRole(caller.roles())
                .map(role -> quotas.peek(caller, role).map(decision -> windows(visit, decision)))
                .orElseGet(() -> Uni.createFrom().item(List.of()));
    }

    private List<ConsolePage.Choice> windows(Visit visit, QuotaDecision decision) {
        return decision.windows().stream().map(w -> window(visit, w)).toList();
    }

    private ConsolePage.Choice window(Visit visit, QuotaWindow window) {
        String key = switch (window.window()) {
            case "minute" -> "perMinute";
            case "hour" -> "perHour";
            case "day" -> "perDay";
            case "outlet-day" -> "perOutletDay";
            case "role-day" -> "perRoleDay";
            default -> window.window();
        };
        return new ConsolePage.Choice(Long.toString(Math.max(0, window.remaining())), label(visit, key), false);
    }

    private ConsolePage.Result result(Visit visit, Caller caller, JsonNode view, Purpose purpose, Instant at) {
        String language = visit.language();
        String viewName = view.path("view").asText();
        List<ConsolePage.Party> parties = new ArrayList<>();
        for (String party : List.of("sender", "receiver")) {
            List<ConsolePage.Field> fields = new ArrayList<>();
            for (String field : PARTY_FIELDS) {
                String state = view.path("disclosure").path(party + "." + field).asText("HIDDEN");
                JsonNode value = view.path(party).at("/" + field.replace('.', '/'));
                fields.add(new ConsolePage.Field(label(visit, "field." + field),
                        value.isMissingNode() || value.isNull() ? "" : value.asText(), state,
                        "FULL".equals(state) ? "" : label(visit, "state." + state)));
            }
            parties.add(new ConsolePage.Party(label(visit, party), fields));
        }
        String time = ConsoleLabels.TIME.format(at);
        String watermark = caller.username() + " · " + (caller.outletId() == null ? "-" : caller.outletId()) + " · " + time;
        boolean tracking = "TRACKING".equals(viewName);
        return new ConsolePage.Result(view.path("waybillNo").asText(), word(visit, "status.", view.path("status").asText()),
                labels.format(language, "route", Map.of("origin", view.path("originOutletId").asText(),
                        "destination", view.path("destinationOutletId").asText())),
                view.path("weightGrams").asText(), word(visit, "category.", view.path("itemCategory").asText()),
                label(visit, "view." + viewName), tracking,
                labels.format(language, "accessed", Map.of("purpose", label(visit, "purpose." + purpose.name()),
                        "time", time)),
                tracking ? List.of() : parties, watermark);
    }

    /** Why waybill-service refused the read, from its problem's type. */
    private String refusal(Visit visit, JsonNode problem) {
        String type = problem.path("type").asText("");
        String slug = type.substring(type.lastIndexOf('/') + 1);
        return label(visit, switch (slug) {
            case "out-of-scope" -> "error.outOfScope";
            case "waybill-not-found", "not-found" -> "error.notFound";
            case "account-suspended" -> "error.suspended";
            case "purpose-not-allowed" -> "error.purpose";
            default -> "error.refused";
        });
    }

    /** Why the gateway refused the grant or could not read. */
    private String refusal(Visit visit, ProblemException problem) {
        return switch (problem.type()) {
            case QUOTA_EXCEEDED -> labels.format(visit.language(), "error.quota",
                    Map.of("seconds", problem.headers().getOrDefault(RetryAfter.HEADER, "60")));
            case ACCOUNT_SUSPENDED -> label(visit, "error.suspended");
            case PURPOSE_NOT_ALLOWED -> label(visit, "error.purpose");
            case INVALID_WAYBILL_NUMBER -> label(visit, "error.invalidNumber");
            default -> label(visit, "error.unavailable");
        };
    }

    private String label(Visit visit, String key) {
        return labels.all(visit.language()).getOrDefault(key, key);
    }

    /** A code in words when the labels know it ({@code status.IN_TRANSIT}), else the code itself (a new category). */
    private String word(Visit visit, String prefix, String code) {
        return labels.all(visit.language()).getOrDefault(prefix + code, code);
    }

    private static Response render(ConsolePage page, Visit visit) {
        return Response.ok(Templates.console(page))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .cookie(cookie(DEVICE_COOKIE, visit.device()), ConsoleForms.cookie(visit.csrf()))
                .build();
    }

    /** This browser's device id: kept in a cookie, made on the first visit. */
    private static String device(String cookie) {
        if (Identifiers.isDeviceId(cookie) && cookie.startsWith("console-")) {
            return cookie;
        }
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "console-" + HexFormat.of().formatHex(bytes);
    }

    private static NewCookie cookie(String name, String value) {
        return new NewCookie.Builder(name).value(value).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(COOKIE_LIFETIME_SECONDS).build();
    }
}
