package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.service.AccessPolicy;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Separation of duties (docs/api.md, "Roles and accounts"): one account holds one of the suite's roles. An account
 * whose token carries two or more of them (an auditor who is also a clerk could read waybills and then review its own
 * reads) keeps none: every route that needs a role refuses it with 403 {@code role-conflict} (grants, reads, the
 * quota, admin and audit routes, both consoles). Roles of the provider that are not the suite's do not count.
 */
@ApplicationScoped
public class RoleConflictAugmentor implements SecurityIdentityAugmentor {

    /** The identity attribute that names the conflicting roles of an account that lost them. */
    static final String CONFLICTING_ROLES = "wg.conflicting-roles";

    /** The roles an identity lost to a conflict; empty for every other identity. */
    static Set<String> conflictingRoles(SecurityIdentity identity) {
        Object roles = identity == null ? null : identity.getAttribute(CONFLICTING_ROLES);
        return roles instanceof Set<?> held ? held.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet())
                : Set.of();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        Set<String> conflicting = AccessPolicy.conflictingRoles(identity.getRoles());
        if (conflicting.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        QuarkusSecurityIdentity.Builder withoutSuiteRoles = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .setAnonymous(identity.isAnonymous())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(CONFLICTING_ROLES, conflicting)
                .addPermissionChecker(identity::checkPermission);
        identity.getRoles().stream().filter(role -> !AccessPolicy.SUITE_ROLES.contains(role))
                .forEach(withoutSuiteRoles::addRole);
        return Uni.createFrom().item(withoutSuiteRoles.build());
    }
}
