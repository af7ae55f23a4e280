package com.waybillguard.audit.domain;

/**
 * The problem types (RFC 9457 {@code type} = {@link #BASE} + slug) audit-service answers with: the
 * service's subset of the canonical list in docs/api.md, section "Problem types".
 */
public enum ProblemType {

    /** Any generic 400: a bad query parameter, path segment or body. */
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    /** No, or no valid, bearer access token. */
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    /** A valid token without the role the operation needs. */
    FORBIDDEN("forbidden", 403, "Forbidden"),
    ROLE_CONFLICT("role-conflict", 403, "Roles that one account must not hold together"),
    /** The caller's own account is suspended ({@code {wg}:account:suspended:<sub>} is set). */
    ACCOUNT_SUSPENDED("account-suspended", 403, "Account suspended"),
    /** No such resource. */
    NOT_FOUND("not-found", 404, "Not found"),
    /** The alert to resolve is resolved already. */
    ALERT_RESOLVED("alert-resolved", 409, "Alert already resolved"),
    /** The path exists, the method does not. */
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    /** The client accepts no media type the operation produces. */
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    /** A body in a media type the operation does not read. */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    /** A failure that is not the client's. */
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    /** This service's own Redis, PostgreSQL or identity provider is down or too slow. */
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Service unavailable");

    /** Base of every problem type URI. */
    public static final String BASE = "https://waybill-guard.example/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The last segment of the type URI, e.g. {@code invalid-request}. */
    public String slug() {
        return slug;
    }

    /** The HTTP status answered with this type. */
    public int status() {
        return status;
    }

    /** The fixed, human-readable title. */
    public String title() {
        return title;
    }

    /** The full type URI. */
    public String uri() {
        return BASE + slug;
    }
}
