package com.waybillguard.waybill.policy;

import com.waybillguard.waybill.domain.Caller;

import java.util.Map;
import java.util.Optional;

/** The validated field policy: rules keyed by role and purpose, and the views they name. */
public final class FieldPolicy {

    private final String version;
    private final Map<String, View> views;
    private final Map<String, Map<Purpose, Rule>> rulesByRole;

    FieldPolicy(String version, Map<String, View> views, Map<String, Map<Purpose, Rule>> rulesByRole) {
        this.version = version;
        this.views = Map.copyOf(views);
        this.rulesByRole = Map.copyOf(rulesByRole);
    }

    public String version() {
        return version;
    }

    public Optional<View> view(String id) {
        return Optional.ofNullable(views.get(id));
    }

    /** The rule for a role and purpose, if the purpose is allowed for the role at all. */
    public Optional<Rule> rule(String role, Purpose purpose) {
        if (role == null || purpose == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(rulesByRole.getOrDefault(role, Map.of()).get(purpose));
    }

    /** Decides the view for a caller reading a waybill for a purpose. */
    public Decision decide(Caller caller, Purpose purpose, WaybillFacts waybill) {
        Optional<Rule> found = rule(caller.role(), purpose);
        if (found.isEmpty()) {
            return new Decision.Deny(Decision.DenyReason.PURPOSE_NOT_ALLOWED);
        }
        Rule rule = found.get();
        if (rule.condition().holds(caller, waybill)) {
            return new Decision.Allow(rule, rule.view());
        }
        if (rule.fallback() == null) {
            return new Decision.Deny(Decision.DenyReason.OUT_OF_SCOPE);
        }
        return new Decision.Allow(rule, rule.fallback());
    }
}
