package com.waybillguard.gateway.domain;

/**
 * The problem types the gateway answers with itself (the canonical table of docs/api.md, "Problem types");
 * the URI is {@code https://waybill-guard.example/problems/<slug>}. Problems of the inner services pass
 * through with their own types.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    INVALID_WAYBILL_NUMBER("invalid-waybill-number", 400, "Invalid waybill number"),
    INVALID_DEVICE_ID("invalid-device-id", 400, "Invalid device id"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    GRANT_MISSING("grant-missing", 401, "Access grant missing"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    ROLE_CONFLICT("role-conflict", 403, "Roles that one account must not hold together"),
    PURPOSE_NOT_ALLOWED("purpose-not-allowed", 403, "Purpose not allowed for the role"),
    ACCOUNT_SUSPENDED("account-suspended", 403, "Account suspended"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    QUOTA_EXCEEDED("quota-exceeded", 429, "Quota exhausted"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    UPSTREAM_ERROR("upstream-error", 502, "Inner service failed"),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Service unavailable"),
    UPSTREAM_UNAVAILABLE("upstream-unavailable", 503, "Inner service unavailable"),
    UPSTREAM_TIMEOUT("upstream-timeout", 504, "Inner service did not answer in time");

    /** Base of every problem type URI. */
    public static final String BASE_URI = "https://waybill-guard.example/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public String uri() {
        return BASE_URI + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The generic type for a bare HTTP status. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> QUOTA_EXCEEDED;
            case 502 -> UPSTREAM_ERROR;
            case 503 -> SERVICE_UNAVAILABLE;
            case 504 -> UPSTREAM_TIMEOUT;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }
}
