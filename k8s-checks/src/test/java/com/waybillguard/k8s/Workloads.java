package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The pods a rendered kustomization runs: its Deployments and StatefulSets, with their containers. */
final class Workloads {

    /** The suite's own services. */
    static final List<String> SERVICES = List.of("access-gateway", "waybill-service", "audit-service");

    private Workloads() {
    }

    static List<JsonNode> of(String target) {
        return Kustomize.build(target).stream()
                .filter(o -> List.of("Deployment", "StatefulSet").contains(o.path("kind").asText())).toList();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static JsonNode pod(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    /** Every container of the pod, init containers included. */
    static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> containers = new ArrayList<>();
        pod(workload).path("initContainers").forEach(containers::add);
        pod(workload).path("containers").forEach(containers::add);
        return containers;
    }

    /** (target, workload) pairs of every deployable kustomization. */
    static Stream<Object[]> everyWorkload() {
        return Kustomize.TARGETS.stream().flatMap(t -> of(t).stream().map(w -> new Object[]{t, name(w), w}));
    }

    /** (target, service Deployment) pairs. */
    static Stream<Object[]> everyService() {
        return Kustomize.TARGETS.stream().flatMap(t -> SERVICES.stream()
                .map(s -> new Object[]{t, s, Kustomize.named(t, "Deployment", s)}));
    }
}
