package com.waybillguard.gateway.rest;

/**
 * Names of the components in {@code META-INF/openapi.yaml} that the resources' OpenAPI annotations refer to,
 * so that a misspelt reference is a compile error rather than a dangling {@code $ref}.
 */
final class OpenApiRefs {

    static final String BEARER = "bearer";
    static final String JSON = "application/json";

    static final String INVALID_REQUEST = "InvalidRequest";
    static final String GRANT_REQUEST_INVALID = "GrantRequestInvalid";
    static final String READ_REQUEST_INVALID = "ReadRequestInvalid";
    static final String WAYBILL_WRITE_INVALID = "WaybillWriteInvalid";
    static final String HISTORY_REQUEST_INVALID = "HistoryRequestInvalid";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String READ_UNAUTHORIZED = "ReadUnauthorized";
    static final String FORBIDDEN = "Forbidden";
    static final String ACCOUNT_ACTION_FORBIDDEN = "AccountActionForbidden";
    static final String SUSPENDED = "Suspended";
    static final String GRANT_REFUSED = "GrantRefused";
    static final String READ_REFUSED = "ReadRefused";
    static final String NO_QUOTA_OVERRIDE = "NoQuotaOverride";
    static final String WAYBILL_NOT_FOUND = "WaybillNotFound";
    static final String ALERT_NOT_FOUND = "AlertNotFound";
    static final String ALERT_RESOLVED = "AlertResolved";
    static final String NOT_ACCEPTABLE = "NotAcceptable";
    static final String WAYBILL_EXISTS = "WaybillExists";
    static final String STATUS_CONFLICT = "StatusConflict";
    static final String ASSIGNMENT_CONFLICT = "AssignmentConflict";
    static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    static final String QUOTA_EXCEEDED = "QuotaExceeded";
    static final String INTERNAL_ERROR = "InternalError";
    static final String UPSTREAM_ERROR = "UpstreamError";
    static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";
    static final String UPSTREAM_UNAVAILABLE = "UpstreamUnavailable";
    static final String UPSTREAM_TIMEOUT = "UpstreamTimeout";

    static final String RATE_LIMIT_LIMIT = "RateLimit-Limit";
    static final String RATE_LIMIT_REMAINING = "RateLimit-Remaining";
    static final String RATE_LIMIT_RESET = "RateLimit-Reset";

    private OpenApiRefs() {
    }
}
