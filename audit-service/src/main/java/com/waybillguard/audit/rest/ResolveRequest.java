package com.waybillguard.audit.rest;

/** Body of {@code POST /api/v1/audit/alerts/{id}/resolve}: why the alert is closed (1 to 500 characters). */
public record ResolveRequest(String comment) {
}
