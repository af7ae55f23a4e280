package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every object every kustomization renders passes the strict schema check; and the check itself refuses what the
 * API server would refuse: an unknown field, a string where a number belongs and the reverse, an unknown kind, a
 * custom resource that leaves its own CRD's structure.
 */
class StrictSchemaTest {

    static Stream<String> targets() {
        return Kustomize.TARGETS.stream();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyRenderedObjectPassesTheStrictSchemaCheck(String target) {
        List<JsonNode> objects = Kustomize.build(target);
        assertTrue(objects.size() > 10, target + " renders " + objects.size() + " objects");
        List<String> violations = objects.stream().flatMap(o -> StrictSchema.violations(o).stream()).toList();
        assertEquals(List.of(), violations, target);
    }

    @Test
    void anUnknownFieldFails() {
        ObjectNode deployment = deployment();
        ((ObjectNode) deployment.path("spec")).put("replica", 2);
        assertRefused(deployment, "replica");
        ObjectNode nested = deployment();
        ((ObjectNode) container(nested).path("securityContext")).put("readOnlyRootFileSystem", true);
        assertRefused(nested, "readOnlyRootFileSystem");
    }

    @Test
    void aScalarOfTheWrongTypeFailsWithoutCoercion() {
        ObjectNode quoted = deployment();
        ((ObjectNode) quoted.path("spec")).put("replicas", "2");
        assertRefused(quoted, "replicas");
        ObjectNode flag = deployment();
        ((ObjectNode) container(flag).path("securityContext")).put("allowPrivilegeEscalation", "false");
        assertRefused(flag, "allowPrivilegeEscalation");
        ObjectNode configMap = Kustomize.named("k8s/base", "ConfigMap", "access-gateway").deepCopy();
        ((ObjectNode) configMap.path("data")).put("QUARKUS_HTTP_PORT", 8080);
        assertRefused(configMap, "QUARKUS_HTTP_PORT");
    }

    @Test
    void aKindWithoutASchemaFails() {
        ObjectNode unknown = deployment();
        unknown.put("apiVersion", "apps/v1beta1");
        assertRefused(unknown, "without a schema");
    }

    @Test
    void aCustomResourceIsCheckedAgainstItsOwnDefinition() {
        JsonNode cluster = Kustomize.named("k8s/overlays/prod", "Cluster", "waybill-guard-db");
        assertEquals(List.of(), StrictSchema.violations(cluster));
        ObjectNode unknown = cluster.deepCopy();
        ((ObjectNode) unknown.path("spec")).put("replicas", 3);
        assertRefused(unknown, "spec.replicas: unknown field");
        ObjectNode typed = cluster.deepCopy();
        ((ObjectNode) typed.path("spec")).put("instances", "3");
        assertRefused(typed, "spec.instances: a integer");
        ObjectNode metadata = cluster.deepCopy();
        ((ObjectNode) metadata.path("metadata")).put("label", "x");
        assertRefused(metadata, "label");
    }

    private static void assertRefused(JsonNode object, String expected) {
        List<String> violations = StrictSchema.violations(object);
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)), "expected a violation naming '" + expected
                + "', got " + violations);
    }

    private static ObjectNode deployment() {
        return Kustomize.named("k8s/base", "Deployment", "access-gateway").deepCopy();
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").path(0);
    }
}
