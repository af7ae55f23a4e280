package com.waybillguard.waybill.domain;

/**
 * The authenticated account making the current request (docs/architecture.md, "Glossary").
 *
 * @param sub       the account's OIDC subject
 * @param username  its preferred username, for people reading the audit log; may be {@code null}
 * @param role      its realm role ({@code clerk}, {@code courier}, {@code cs_agent}, {@code auditor},
 *                  {@code admin}), or {@code null} when it holds none of them; an account that holds several (which
 *                  no account may) is named by all of them joined with {@code +}, such as {@code clerk+auditor}
 * @param outletId  the outlet it works at, or {@code null}
 * @param courierId its courier id, or {@code null}
 */
public record Caller(String sub, String username, String role, String outletId, String courierId) {

    /** Joins the roles of an account that holds several. */
    public static final String ROLE_SEPARATOR = "+";

    /** Whether the account holds more than one of the suite's roles (separation of duties forbids it). */
    private boolean holdsConflictingRoles() {
        return role != null && role.contains(ROLE_SEPARATOR);
    }

    /** Fails with 403 {@code role-conflict}, naming the roles, when the account holds more than one of them. */
    public void requireOneRole() {
        if (holdsConflictingRoles()) {
            throw new ProblemException(ProblemType.ROLE_CONFLICT, "This account holds roles that one account must "
                    + "not hold together (" + role.replace(ROLE_SEPARATOR, ", ") + ").");
        }
    }
}
