package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each overlay promises (k8s/README.md): prod is highly available (two replicas at least, autoscaled gateway
 * and waybill-service, disruption budgets, spread over nodes, a three-instance CloudNativePG cluster with a
 * synchronous standby, Redis with an append-only file behind three Sentinels, TLS for the gateway only); dev runs
 * one of each with its own PostgreSQL, Redis and Keycloak holding the demo realm. Both enforce Pod Security's
 * "restricted" profile on their namespace.
 */
class OverlayTest {

    private static final String PROD = "k8s/overlays/prod";
    private static final String DEV = "k8s/overlays/dev";

    @Test
    void prodRunsEveryServiceTwiceAtLeastSpreadOverNodes() {
        for (String service : Workloads.SERVICES) {
            JsonNode deployment = Kustomize.named(PROD, "Deployment", service);
            JsonNode autoscaler = Kustomize.ofKind(PROD, "HorizontalPodAutoscaler").stream()
                    .filter(a -> service.equals(a.path("spec").path("scaleTargetRef").path("name").asText())).findFirst().orElse(null);
            if (autoscaler == null) {
                assertTrue(deployment.path("spec").path("replicas").asInt() >= 2, service + ": two replicas at least");
            } else {
                assertTrue(deployment.path("spec").path("replicas").isMissingNode(),
                        service + ": its autoscaler owns the replica count, an apply does not reset it");
                assertTrue(autoscaler.path("spec").path("minReplicas").asInt() >= 2, service + ": two replicas at least");
            }
            JsonNode spread = Workloads.pod(deployment).path("topologySpreadConstraints");
            List<String> keys = new ArrayList<>();
            for (JsonNode constraint : spread) {
                keys.add(constraint.path("topologyKey").asText() + "/" + constraint.path("whenUnsatisfiable").asText());
                assertTrue(constraint.path("matchLabelKeys").toString().contains("app.kubernetes.io/name"),
                        service + ": spread among its own pods");
            }
            assertTrue(keys.contains("kubernetes.io/hostname/DoNotSchedule"), service + ": never two on one node");
            assertTrue(keys.contains("topology.kubernetes.io/zone/ScheduleAnyway"), service + ": spread over zones");

            JsonNode budget = Kustomize.ofKind(PROD, "PodDisruptionBudget").stream()
                    .filter(b -> service.equals(b.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError(service + ": a PodDisruptionBudget"));
            assertTrue(budget.path("spec").path("minAvailable").asInt() >= 1, service + ": one pod stays up in a drain");
            JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
            assertEquals("true", annotations.path("prometheus.io/scrape").asText(), service + ": scraped");
            assertEquals("9000", annotations.path("prometheus.io/port").asText(), service + ": on the management port");
        }
    }

    @Test
    void prodAutoscalesTheGatewayAndWaybillServiceOnCpu() {
        List<String> scaled = new ArrayList<>();
        for (JsonNode autoscaler : Kustomize.ofKind(PROD, "HorizontalPodAutoscaler")) {
            JsonNode spec = autoscaler.path("spec");
            String target = spec.path("scaleTargetRef").path("name").asText();
            assertEquals("Deployment", spec.path("scaleTargetRef").path("kind").asText());
            Kustomize.named(PROD, "Deployment", target);
            assertTrue(spec.path("minReplicas").asInt() >= 2, target + ": never below two");
            assertTrue(spec.path("maxReplicas").asInt() > spec.path("minReplicas").asInt(), target + ": room to grow");
            assertEquals("cpu", spec.path("metrics").path(0).path("resource").path("name").asText());
            scaled.add(target);
        }
        assertEquals(List.of("access-gateway", "waybill-service"), scaled.stream().sorted().toList());
    }

    @Test
    void prodKeepsPostgresqlInACloudNativePgClusterWithASynchronousStandby() {
        JsonNode cluster = Kustomize.named(PROD, "Cluster", "waybill-guard-db").path("spec");
        assertTrue(cluster.path("instances").asInt() >= 3, "a primary and two standbys");
        assertEquals(1, cluster.path("postgresql").path("synchronous").path("number").asInt(), "one synchronous standby");
        assertEquals("required", cluster.path("postgresql").path("synchronous").path("dataDurability").asText());
        assertFalse(cluster.path("enableSuperuserAccess").asBoolean(true), "no superuser over the network");
        assertEquals("postgresql", cluster.path("inheritedMetadata").path("labels").path("app.kubernetes.io/name").asText(),
                "the label the services' egress allows");
        assertEquals("required", cluster.path("affinity").path("podAntiAffinityType").asText(), "one instance per node");
        List<String> roles = new ArrayList<>();
        cluster.path("managed").path("roles").forEach(r -> roles.add(r.path("name").asText() + ":" + r.path("passwordSecret").path("name").asText()));
        assertEquals(List.of("waybill_app:wg-db-waybill-app", "audit_owner:wg-db-audit-owner", "audit_app:wg-db-audit-app"), roles);
        assertEquals("waybill_owner", cluster.path("bootstrap").path("initdb").path("owner").asText());
        assertEquals("audit_owner", Kustomize.named(PROD, "Database", "audit").path("spec").path("owner").asText());
        for (String service : List.of("waybill-service", "audit-service")) {
            JsonNode config = Kustomize.named(PROD, "ConfigMap", service).path("data");
            assertEquals("waybill-guard-db-rw", config.path("WG_DB_HOST").asText(), service + ": the primary");
            assertEquals("verify-full", config.path("QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE").asText(), service + ": TLS, checked");
            assertEquals("verify-full", config.path("QUARKUS_DATASOURCE_JDBC_ADDITIONAL_JDBC_PROPERTIES_SSLMODE").asText(),
                    service + ": the migrations too");
        }
    }

    @Test
    void prodRunsRedisWithAnAppendOnlyFileBehindThreeSentinels() {
        JsonNode redis = Kustomize.named(PROD, "StatefulSet", "redis");
        assertEquals(3, redis.path("spec").path("replicas").asInt(), "a primary and two replicas");
        assertEquals(3, Kustomize.named(PROD, "StatefulSet", "redis-sentinel").path("spec").path("replicas").asInt(),
                "three Sentinels: a quorum of two survives one loss");
        String script = Kustomize.named(PROD, "ConfigMap", "redis-scripts").path("data").path("redis.sh").asText();
        assertTrue(script.contains("appendonly yes") && script.contains("appendfsync everysec"), "append-only file");
        assertTrue(script.contains("aclfile $run/users.acl"), "the suite's ACL users");
        assertTrue(script.contains("min-replicas-to-write 1"), "no write without a replica");
        for (String service : Workloads.SERVICES) {
            JsonNode config = Kustomize.named(PROD, "ConfigMap", service).path("data");
            assertEquals("sentinel", config.path("QUARKUS_REDIS_CLIENT_TYPE").asText(), service + ": asks the Sentinels");
            assertEquals("master", config.path("QUARKUS_REDIS_ROLE").asText(), service + ": talks to the primary");
        }
        for (String service : List.of("access-gateway", "waybill-service")) {
            assertEquals("1", Kustomize.named(PROD, "ConfigMap", service).path("data").path("WG_AUDIT_REPLICA_ACKS").asText(),
                    service + ": answers once its audit entry is on a replica");
        }
    }

    @Test
    void prodExposesOnlyTheGatewayAndOnlyOverTls() {
        List<JsonNode> ingresses = Kustomize.ofKind(PROD, "Ingress");
        assertEquals(1, ingresses.size(), "one Ingress");
        JsonNode spec = ingresses.get(0).path("spec");
        List<String> tlsHosts = new ArrayList<>();
        spec.path("tls").forEach(t -> t.path("hosts").forEach(h -> tlsHosts.add(h.asText())));
        for (JsonNode rule : spec.path("rules")) {
            assertTrue(tlsHosts.contains(rule.path("host").asText()), rule.path("host").asText() + ": served over TLS");
            for (JsonNode path : rule.path("http").path("paths")) {
                assertEquals("access-gateway", path.path("backend").path("service").path("name").asText(), "the gateway only");
                assertEquals("http", path.path("backend").path("service").path("port").path("name").asText(), "its public port");
            }
        }
        assertEquals("true", ingresses.get(0).path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/force-ssl-redirect").asText());
        assertFalse(ingresses.get(0).path("metadata").path("annotations").toString().contains("snippet"), "no configuration snippets");
        for (JsonNode service : Kustomize.ofKind(PROD, "Service")) {
            String type = service.path("spec").path("type").asText("ClusterIP");
            assertEquals("ClusterIP", type, service.path("metadata").path("name").asText() + ": not exposed outside the cluster");
        }
        JsonNode gateway = Kustomize.named(PROD, "ConfigMap", "access-gateway").path("data");
        assertEquals("true", gateway.path("WG_TRUST_PROXY").asText(), "behind the ingress, the forwarded address counts");
    }

    @Test
    void bothOverlaysEnforceTheRestrictedPodSecurityProfile() {
        for (String overlay : List.of(DEV, PROD)) {
            List<JsonNode> namespaces = Kustomize.ofKind(overlay, "Namespace");
            assertEquals(1, namespaces.size());
            String name = namespaces.get(0).path("metadata").path("name").asText();
            assertEquals("restricted", namespaces.get(0).path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText());
            for (JsonNode object : Kustomize.build(overlay)) {
                if (!object.path("kind").asText().equals("Namespace")) {
                    assertEquals(name, object.path("metadata").path("namespace").asText(),
                            overlay + ": " + object.path("kind").asText() + " " + object.path("metadata").path("name").asText() + " in its namespace");
                }
            }
        }
    }

    @Test
    void devRunsOneOfEachWithItsOwnDataStoresAndTheDemoRealm() throws IOException {
        for (String service : Workloads.SERVICES) {
            assertEquals(1, Kustomize.named(DEV, "Deployment", service).path("spec").path("replicas").asInt(), service);
        }
        Kustomize.named(DEV, "StatefulSet", "postgresql");
        Kustomize.named(DEV, "StatefulSet", "redis");
        JsonNode keycloak = Kustomize.named(DEV, "Deployment", "keycloak");
        assertTrue(Workloads.pod(keycloak).path("containers").path(0).path("args").toString().contains("--import-realm"));
        JsonNode realm = Kustomize.ofKind(DEV, "ConfigMap").stream()
                .filter(c -> c.path("metadata").path("name").asText().startsWith("keycloak-realm-")).findFirst().orElseThrow();
        assertEquals(Files.readString(Kustomize.ROOT.resolve("k8s/overlays/dev/realm/waybill-guard-realm.json")),
                realm.path("data").path("waybill-guard-realm.json").asText(), "the local stack's demo realm");
        for (String service : List.of("waybill-service", "audit-service")) {
            assertEquals("postgresql", Kustomize.named(DEV, "ConfigMap", service).path("data").path("WG_DB_HOST").asText());
        }
        assertTrue(Kustomize.ofKind(DEV, "Ingress").isEmpty(), "dev is reached by port-forward only");
        assertTrue(Kustomize.ofKind(DEV, "Cluster").isEmpty() && Kustomize.ofKind(DEV, "ExternalSecret").isEmpty(),
                "dev needs no operator");
    }
}
