package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.Identifiers;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.domain.RequestContext;
import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.lang.reflect.AnnotatedElement;
import java.util.Set;
import java.util.UUID;

/** Reads the caller and the request context from the security identity and the HTTP request. */
final class Callers {

    static final String DEVICE_HEADER = "X-Device-Id";
    static final String GRANT_HEADER = "X-Access-Grant";
    static final String REQUEST_ID_HEADER = "X-Request-Id";

    private Callers() {
    }

    static Caller caller(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)
                || token.getSubject() == null || !Identifiers.isSubject(token.getSubject())) {
            throw new UnauthorizedException();
        }
        return new Caller(token.getSubject(), stringClaim(token, "preferred_username"), Set.copyOf(identity.getRoles()),
                stringClaim(token, "outlet_id"), stringClaim(token, "courier_id"));
    }

    /**
     * Whether a route needs an account (it is {@code @Authenticated} or {@code @RolesAllowed}), so that the account
     * checks of {@link RoleConflictFilter} and {@link SuspensionFilter} apply. The consoles are left to themselves:
     * they show a refusal as a page, not as a JSON problem.
     */
    static boolean needsAccount(ResourceInfo resource) {
        return resource.getResourceClass() != null && resource.getResourceClass() != ConsoleResource.class
                && resource.getResourceClass() != ReviewResource.class
                && (secured(resource.getResourceClass()) || resource.getResourceMethod() != null
                && secured(resource.getResourceMethod()));
    }

    /** An identity that names an account: signed in, with a well-formed subject. */
    static boolean hasSubject(SecurityIdentity identity) {
        return identity != null && !identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken token
                && Identifiers.isSubject(token.getSubject());
    }

    /** What a request refused before its body is read tells about itself. */
    static RequestContext refusedContext(HttpServerRequest request) {
        String device = request.getHeader(DEVICE_HEADER);
        return context(request, Identifiers.isDeviceId(device) ? device : null);
    }

    private static boolean secured(AnnotatedElement element) {
        return element.isAnnotationPresent(Authenticated.class) || element.isAnnotationPresent(RolesAllowed.class);
    }

    static RequestContext context(HttpServerRequest request, String deviceId) {
        return new RequestContext(deviceId, clientIp(request), requestId(request));
    }

    static String clientIp(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    /** The client's {@code X-Request-Id} when well formed, otherwise a fresh one. */
    static String requestId(HttpServerRequest request) {
        String given = request.getHeader(REQUEST_ID_HEADER);
        return Identifiers.isRequestId(given) ? given : UUID.randomUUID().toString();
    }

    static String requireDevice(String deviceId) {
        if (!Identifiers.isDeviceId(deviceId)) {
            throw new ProblemException(ProblemType.INVALID_DEVICE_ID,
                    "Header X-Device-Id is required: " + Identifiers.DEVICE_ID_RULE + ".");
        }
        return deviceId;
    }

    static String requireWaybillNo(String waybillNo) {
        if (!Identifiers.isWaybillNo(waybillNo)) {
            throw new ProblemException(ProblemType.INVALID_WAYBILL_NUMBER,
                    "The waybill number must be " + Identifiers.WAYBILL_NO_RULE + ".");
        }
        return waybillNo;
    }

    static String requireSubject(String sub) {
        if (!Identifiers.isSubject(sub)) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "The account id is not well formed.");
        }
        return sub;
    }

    private static String stringClaim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value instanceof jakarta.json.JsonString json ? json.getString() : value.toString();
        return text.isBlank() ? null : text;
    }
}
