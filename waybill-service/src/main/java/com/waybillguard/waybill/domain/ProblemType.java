package com.waybillguard.waybill.domain;

/**
 * The problem types this service answers with (RFC 9457 {@code type} = {@link #BASE_URI} + slug), a subset
 * of the table in docs/api.md, "Problem types", with the same slugs, statuses and titles in every service.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    INVALID_WAYBILL_NUMBER("invalid-waybill-number", 400, "Invalid waybill number"),
    INVALID_DEVICE_ID("invalid-device-id", 400, "Invalid device id"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    GRANT_MISSING("grant-missing", 401, "Access grant missing"),
    GRANT_INVALID("grant-invalid", 401, "Access grant invalid"),
    GRANT_EXPIRED("grant-expired", 401, "Access grant expired"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    ROLE_CONFLICT("role-conflict", 403, "Roles that one account must not hold together"),
    PURPOSE_NOT_ALLOWED("purpose-not-allowed", 403, "Purpose not allowed for the role"),
    ACCOUNT_SUSPENDED("account-suspended", 403, "Account suspended"),
    GRANT_NOT_BOUND("grant-not-bound", 403, "Access grant belongs to another account or device"),
    GRANT_WAYBILL_MISMATCH("grant-waybill-mismatch", 403, "Access grant is for another waybill"),
    GRANT_REPLAYED("grant-replayed", 403, "Access grant already used"),
    OUT_OF_SCOPE("out-of-scope", 403, "Waybill out of scope for this purpose"),
    NOT_FOUND("not-found", 404, "Not found"),
    WAYBILL_NOT_FOUND("waybill-not-found", 404, "Waybill not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    WAYBILL_EXISTS("waybill-exists", 409, "Waybill already exists"),
    ILLEGAL_STATUS_TRANSITION("illegal-status-transition", 409, "Illegal status transition"),
    CONCURRENT_UPDATE("concurrent-update", 409, "Waybill changed concurrently"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Service unavailable"),
    AUDIT_UNAVAILABLE("audit-unavailable", 503, "Audit log unavailable"),
    GRANT_KEYS_UNAVAILABLE("grant-keys-unavailable", 503, "Grant verification keys unavailable");

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
}
