package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network of every rendered kustomization, computed from its NetworkPolicies the way Kubernetes combines them
 * (a pod selected by any policy of a direction accepts only the union of their rules): everything is denied by
 * default; the gateway hears only the ingress controller (and waybill-service, for the grant keys); the inner
 * services hear only the gateway; management ports only the monitoring namespace; and the services reach nothing
 * but DNS, PostgreSQL, Redis, the OIDC provider and each other as the design needs.
 */
class NetworkPolicyTest {

    /** What may reach each service: "peer port". */
    private static final Map<String, Set<String>> INGRESS = Map.of(
            "access-gateway", Set.of("ns:ingress-nginx/pod:ingress-nginx 8080", "pod:waybill-service 8080", "ns:monitoring 9000"),
            "waybill-service", Set.of("pod:access-gateway 8081", "ns:monitoring 9000"),
            "audit-service", Set.of("pod:access-gateway 8082", "ns:monitoring 9000"));

    private static final Set<String> STORES = Set.of("ns:kube-system/pod:kube-dns 53", "pod:redis 6379", "pod:redis-sentinel 26379",
            "pod:keycloak 8080", "pod:keycloak 8443", "ip:203.0.113.0/24 443");
    /** What each service may reach, beyond DNS, Redis and the OIDC provider. */
    private static final Map<String, Set<String>> EGRESS = Map.of(
            "access-gateway", Set.of("pod:waybill-service 8081", "pod:audit-service 8082"),
            "waybill-service", Set.of("pod:postgresql 5432", "pod:access-gateway 8080"),
            "audit-service", Set.of("pod:postgresql 5432"));

    static Stream<Object[]> everyService() {
        return Workloads.everyService();
    }

    static Stream<String> targets() {
        return Kustomize.TARGETS.stream();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everythingIsDeniedByDefault(String target) {
        JsonNode deny = Kustomize.named(target, "NetworkPolicy", "default-deny");
        assertTrue(deny.path("spec").path("podSelector").isEmpty(), target + ": applies to every pod");
        assertEquals("[\"Ingress\",\"Egress\"]", deny.path("spec").path("policyTypes").toString());
        assertFalse(deny.path("spec").has("ingress") || deny.path("spec").has("egress"), target + ": allows nothing");
        for (JsonNode workload : Workloads.of(target)) {
            JsonNode labels = workload.path("spec").path("template").path("metadata").path("labels");
            assertFalse(rules(target, labels, "ingress").isEmpty(),
                    target + " " + Workloads.name(workload) + ": reached by what uses it");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyService")
    void aServiceIsReachedOnlyByWhatTheDesignNeeds(String target, String service, JsonNode deployment) {
        JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
        Set<String> ingress = allowed(target, labels, "ingress", "from");
        assertFalse(ingress.isEmpty(), target + " " + service + ": reachable at all");
        assertTrue(INGRESS.get(service).containsAll(ingress), target + " " + service + ": reached only by "
                + INGRESS.get(service) + ", not " + ingress);
        Set<String> allowedEgress = new TreeSet<>(STORES);
        allowedEgress.addAll(EGRESS.get(service));
        Set<String> egress = allowed(target, labels, "egress", "to");
        assertTrue(allowedEgress.containsAll(egress), target + " " + service + ": reaches only " + allowedEgress
                + ", not " + egress);
        assertTrue(egress.contains("ns:kube-system/pod:kube-dns 53") && egress.contains("pod:redis 6379"),
                target + " " + service + ": resolves names and reaches Redis");
    }

    /** "peer port" for every peer and port of the rules of the policies that select a pod with these labels. */
    private static Set<String> allowed(String target, JsonNode labels, String direction, String peers) {
        Set<String> allowed = new TreeSet<>();
        for (JsonNode rule : rules(target, labels, direction)) {
            List<String> ports = new ArrayList<>();
            rule.path("ports").forEach(p -> ports.add(p.path("port").asText()));
            if (ports.isEmpty()) {
                ports.add("*");
            }
            List<String> from = new ArrayList<>();
            rule.path(peers).forEach(peer -> from.add(peer(peer)));
            if (from.isEmpty()) {
                from.add("*");
            }
            for (String peer : from) {
                for (String port : ports) {
                    allowed.add(peer + " " + port);
                }
            }
        }
        return allowed;
    }

    private static List<JsonNode> rules(String target, JsonNode labels, String direction) {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode policy : Kustomize.ofKind(target, "NetworkPolicy")) {
            if (selects(policy.path("spec").path("podSelector"), labels)) {
                policy.path("spec").path(direction).forEach(rules::add);
            }
        }
        return rules;
    }

    private static String peer(JsonNode peer) {
        if (peer.has("ipBlock")) {
            return "ip:" + peer.path("ipBlock").path("cidr").asText() + (peer.path("ipBlock").has("except") ? "-except" : "");
        }
        String namespace = peer.has("namespaceSelector") ? "ns:" + selector(peer.path("namespaceSelector"), "kubernetes.io/metadata.name") : "";
        String pod = peer.has("podSelector") ? "pod:" + selector(peer.path("podSelector"), "app.kubernetes.io/name", "k8s-app") : "";
        return namespace.isEmpty() ? pod : pod.isEmpty() ? namespace : namespace + "/" + pod;
    }

    /** The value a selector requires of the first of these keys it names; "*" for a selector that matches anything. */
    private static String selector(JsonNode selector, String... keys) {
        if (selector.isEmpty()) {
            return "*";
        }
        for (String key : keys) {
            if (selector.path("matchLabels").has(key)) {
                return selector.path("matchLabels").path(key).asText();
            }
        }
        return "?" + selector;
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        for (var required = selector.path("matchLabels").fields(); required.hasNext(); ) {
            var label = required.next();
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean matches = switch (expression.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown operator " + expression);
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }
}
