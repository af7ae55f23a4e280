package com.waybillguard.audit.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The state of an account after a suspend or reinstate call. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SuspensionState(String sub, boolean suspended, String reason, String by, String at, String eventId) {
}
