package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pod policies of k8s/README.md on every rendered kustomization (base, dev, prod). Every pod, data stores
 * included, meets Pod Security's "restricted" profile, has requests and limits, an immutable image and no API
 * token; every container has a read-only root filesystem (one named exception, dev's Keycloak). The suite's
 * services also: a ServiceAccount of their own, probes on the management port that no Service exposes,
 * configuration from their ConfigMap, secrets only from Secret references, and no client address believed from
 * anyone but the ingress controller.
 */
class WorkloadPolicyTest {

    /** Containers that may write their root filesystem, and why: Keycloak's development mode rebuilds itself. */
    private static final Set<String> WRITABLE_ROOT = Set.of("k8s/overlays/dev/keycloak");
    /** Variables whose values are secret: they must come from a Secret (a file's location is not a secret). */
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?!.*_LOCATION$).*(PASSWORD|SECRET|_KEY$|_KEYS_|REDIS_URL|DB_USER|MIGRATION_USER).*");
    private static final Pattern IMMUTABLE_IMAGE = Pattern.compile(".+/.+(:[0-9][\\w.-]*|@sha256:[0-9a-f]{64})");

    static Stream<Object[]> everyWorkload() {
        return Workloads.everyWorkload();
    }

    static Stream<Object[]> everyService() {
        return Workloads.everyService();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyWorkload")
    void everyPodIsRestricted(String target, String name, JsonNode workload) {
        String at = target + " " + name;
        JsonNode pod = Workloads.pod(workload);
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), at + ": no API token mounted");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), at + ": runAsNonRoot");
        assertTrue(pod.path("securityContext").path("runAsUser").asInt(0) > 0, at + ": a non-root user id");
        assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText(),
                at + ": the runtime's seccomp profile");
        assertFalse(pod.path("hostNetwork").asBoolean() || pod.path("hostPID").asBoolean() || pod.path("hostIPC").asBoolean(),
                at + ": no host namespaces");
        for (JsonNode container : Workloads.containers(workload)) {
            String c = at + "/" + container.path("name").asText();
            JsonNode security = container.path("securityContext");
            assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), c + ": no privilege escalation");
            assertFalse(security.path("privileged").asBoolean(false), c + ": not privileged");
            assertEquals("[\"ALL\"]", security.path("capabilities").path("drop").toString(), c + ": every capability dropped");
            assertTrue(security.path("capabilities").path("add").isMissingNode(), c + ": no capability added");
            assertEquals(!WRITABLE_ROOT.contains(target + "/" + container.path("name").asText()),
                    security.path("readOnlyRootFilesystem").asBoolean(), c + ": read-only root filesystem");
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertFalse(container.path("resources").path(kind).path(resource).asText().isEmpty(),
                            c + ": " + kind + "." + resource);
                }
            }
            String image = container.path("image").asText();
            assertTrue(IMMUTABLE_IMAGE.matcher(image).matches() && !image.endsWith(":latest"),
                    c + ": an immutable image reference, not " + image);
            for (JsonNode env : container.path("env")) {
                if (SECRET_NAME.matcher(env.path("name").asText()).matches()) {
                    assertTrue(env.path("valueFrom").has("secretKeyRef") && !env.has("value"),
                            c + ": " + env.path("name").asText() + " only from a Secret");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyService")
    void aServiceHasItsOwnAccountConfigurationAndManagementPort(String target, String service, JsonNode deployment) {
        String at = target + " " + service;
        JsonNode pod = Workloads.pod(deployment);
        assertEquals(service, pod.path("serviceAccountName").asText(), at + ": a ServiceAccount of its own");
        assertFalse(Kustomize.named(target, "ServiceAccount", service).path("automountServiceAccountToken").asBoolean(true),
                at + ": the ServiceAccount mounts no token");
        assertEquals(1, pod.path("containers").size(), at + ": one container");
        JsonNode container = pod.path("containers").path(0);
        assertEquals(service, container.path("envFrom").path(0).path("configMapRef").path("name").asText(),
                at + ": configuration from its ConfigMap");
        JsonNode config = Kustomize.named(target, "ConfigMap", service).path("data");
        config.fieldNames().forEachRemaining(key -> assertFalse(SECRET_NAME.matcher(key).matches(),
                at + ": secret-looking " + key + " in a ConfigMap"));

        int management = port(container, "management");
        assertEquals(9000, management, at + ": the management port");
        assertEquals("9000", config.path("QUARKUS_MANAGEMENT_PORT").asText(), at + ": Quarkus serves /q/* there");
        assertEquals(String.valueOf(port(container, "http")), config.path("QUARKUS_HTTP_PORT").asText(), at + ": public port");
        for (JsonNode svc : Kustomize.ofKind(target, "Service")) {
            for (JsonNode p : svc.path("spec").path("ports")) {
                assertFalse(svc.path("spec").path("selector").path("app.kubernetes.io/name").asText().equals(service)
                                && ("management".equals(p.path("targetPort").asText()) || p.path("targetPort").asInt() == management
                                || p.path("port").asInt() == management),
                        at + ": no Service exposes the management port");
            }
        }
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals("management", get.path("port").asText(), at + ": " + probe + " on the management port");
            assertTrue(get.path("path").asText().startsWith("/q/health/"), at + ": " + probe + " on Quarkus health");
        }
        if (!service.equals("access-gateway")) {
            assertFalse(config.path("WG_TRUST_PROXY").asBoolean(false), at + ": believes no forwarded address");
        } else if (config.path("WG_TRUST_PROXY").asBoolean(false)) {
            String proxies = config.path("WG_TRUSTED_PROXIES").asText();
            assertFalse(proxies.isBlank() || proxies.contains("0.0.0.0/0") || proxies.contains("::/0"),
                    at + ": forwarded addresses believed only from the ingress controller's network, not '" + proxies + "'");
        }
    }

    private static int port(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port named " + name);
    }
}
