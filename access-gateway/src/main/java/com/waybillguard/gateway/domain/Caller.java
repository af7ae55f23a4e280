package com.waybillguard.gateway.domain;

import java.util.Set;

/**
 * The authenticated account as the gateway sees it: subject, username, realm roles and the
 * identity claims of docs/api.md, "Roles and accounts".
 */
public record Caller(String sub, String username, Set<String> roles, String outletId, String courierId) {
}
