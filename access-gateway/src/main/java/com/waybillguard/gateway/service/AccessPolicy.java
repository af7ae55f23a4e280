package com.waybillguard.gateway.service;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.domain.ProblemException;
import com.waybillguard.gateway.domain.ProblemType;
import com.waybillguard.gateway.domain.Purpose;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which realm role may ask a grant for which purpose: data from {@code wg.access.purposes.<role>},
 * validated at start with a message naming the bad entry.
 */
@Startup
@ApplicationScoped
public class AccessPolicy {

    /** Roles that can ever hold a grant, in the order a multi-role account is matched. */
    public static final List<String> GRANT_ROLES = List.of("clerk", "courier", "cs_agent");

    /** The realm role of operations: admin writes, quota overrides; never a grant. */
    public static final String ADMIN_ROLE = "admin";

    /** The realm role of risk control: the audit API and suspensions; never a grant. */
    public static final String AUDITOR_ROLE = "auditor";

    /**
     * The suite's roles, of which one account holds one (separation of duties): an auditor who could also read would
     * review its own reads, an admin who could also read would reassign parcels to itself.
     */
    public static final Set<String> SUITE_ROLES = Set.of("clerk", "courier", "cs_agent", AUDITOR_ROLE, ADMIN_ROLE);

    private final Map<String, Set<Purpose>> allowed;

    public AccessPolicy(GatewayConfig config) {
        Map<String, Set<Purpose>> map = new LinkedHashMap<>();
        config.access().purposes().forEach((role, names) -> {
            if (!GRANT_ROLES.contains(role)) {
                throw new IllegalStateException("wg.access.purposes." + role
                        + ": only " + GRANT_ROLES + " may hold grants");
            }
            Set<Purpose> purposes = EnumSet.noneOf(Purpose.class);
            for (String name : names) {
                purposes.add(Purpose.parse(name.trim()).orElseThrow(() -> new IllegalStateException(
                        "wg.access.purposes." + role + ": unknown purpose '" + name + "'")));
            }
            map.put(role, Set.copyOf(purposes));
        });
        this.allowed = Map.copyOf(map);
    }

    /**
     * The suite's roles an account holds when it holds more than one of them (sorted); empty when it holds one or
     * none. Other roles of the provider ({@code offline_access}, default roles) do not count.
     */
    public static Set<String> conflictingRoles(Set<String> roles) {
        Set<String> held = new TreeSet<>(roles);
        held.retainAll(SUITE_ROLES);
        return held.size() > 1 ? Collections.unmodifiableSet(held) : Set.of();
    }

    /** 403 {@code role-conflict}, naming the roles an account holds together. */
    public static ProblemException roleConflict(Set<String> conflicting) {
        return new ProblemException(ProblemType.ROLE_CONFLICT, "This account holds roles that one account must not hold"
                + " together (" + String.join(", ", new TreeSet<>(conflicting)) + "): every request is refused until an"
                + " administrator leaves it one.");
    }

    /** The role under which {@code roles} may ask for {@code purpose}, if any. */
    public Optional<String> roleFor(Set<String> roles, Purpose purpose) {
        return GRANT_ROLES.stream()
                .filter(roles::contains)
                .filter(role -> allowed.getOrDefault(role, Set.of()).contains(purpose))
                .findFirst();
    }

    /** Every purpose {@code roles} may ask a grant for, in the order of {@link Purpose}. */
    public List<Purpose> purposesFor(Set<String> roles) {
        Set<Purpose> purposes = EnumSet.noneOf(Purpose.class);
        GRANT_ROLES.stream().filter(roles::contains).forEach(role -> purposes.addAll(allowed.getOrDefault(role, Set.of())));
        return List.copyOf(purposes);
    }

    /** The first grant-holding role of an account, used for its quota. */
    public Optional<String> primaryRole(Set<String> roles) {
        return GRANT_ROLES.stream().filter(roles::contains).findFirst();
    }

    /** The role an audit event names for an account: its grant role if it has one, else its first role by name. */
    public String eventRole(Set<String> roles) {
        return primaryRole(roles).orElseGet(() -> new TreeSet<>(roles).stream().findFirst().orElse(null));
    }
}
