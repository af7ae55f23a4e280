package com.waybillguard.audit.rest;

/** Optional body of a suspend or reinstate call. */
public record SuspensionRequest(String reason) {
}
