package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policies of k8s/README.md, checked on every object of {@code k8s/base}: each Deployment runs as non-root on a
 * read-only root filesystem with no privilege escalation, no capability and the runtime's seccomp profile, under a
 * ServiceAccount of its own without a token; probes on the management port, never the public one; requests and
 * limits; an immutable image reference; secrets only from Secret references. The network is denied by default and
 * the inner services are reached from the gateway only.
 */
class BaseManifestsTest {

    private static final Path BASE = Path.of(System.getProperty("wg.repo.root", "..")).resolve("k8s/base");
    private static final List<String> SERVICES = List.of("access-gateway", "waybill-service", "audit-service");
    /** Variables whose values are secret: they must come from a Secret. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|_KEY$|_KEYS_|REDIS_URL|DB_USER|MIGRATION_USER).*");
    private static final YAMLMapper YAML = new YAMLMapper();

    static List<JsonNode> objects() {
        List<JsonNode> objects = new ArrayList<>();
        try (Stream<Path> files = Files.list(BASE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).toList()) {
                try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (doc != null && !doc.isEmpty()) {
                            objects.add(doc);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    static Stream<JsonNode> deployments() {
        return objects().stream().filter(o -> "Deployment".equals(o.path("kind").asText()));
    }

    private static JsonNode named(String kind, String name) {
        return objects().stream().filter(o -> kind.equals(o.path("kind").asText())
                && name.equals(o.path("metadata").path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @Test
    void everyServiceHasItsDeploymentServiceAccountServiceAndConfigMap() {
        for (String service : SERVICES) {
            for (String kind : List.of("Deployment", "ServiceAccount", "Service", "ConfigMap")) {
                named(kind, service);
            }
            assertFalse(named("ServiceAccount", service).path("automountServiceAccountToken").asBoolean(true),
                    service + ": the ServiceAccount mounts no token");
        }
        assertEquals(SERVICES.size(), deployments().count());
    }

    @Test
    void theKustomizationListsEveryFile() throws IOException {
        JsonNode kustomization = YAML.readTree(BASE.resolve("kustomization.yaml").toFile());
        Set<String> listed = new TreeSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.list(BASE)) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
                    .forEach(present::add);
        }
        assertEquals(present, listed);
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("deployments")
    void aDeploymentIsLockedDown(JsonNode deployment) {
        String name = deployment.path("metadata").path("name").asText();
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertEquals(name, pod.path("serviceAccountName").asText(), name + ": a ServiceAccount of its own");
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), name + ": no token mounted");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), name + ": runAsNonRoot");
        assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText(),
                name + ": seccomp profile");
        assertEquals(1, pod.path("containers").size(), name + ": one container");
        JsonNode container = pod.path("containers").path(0);
        JsonNode security = container.path("securityContext");
        assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), name + ": no privilege escalation");
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), name + ": read-only root filesystem");
        assertEquals("[\"ALL\"]", security.path("capabilities").path("drop").toString(), name + ": every capability dropped");
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertFalse(container.path("resources").path(kind).path(resource).asText().isEmpty(),
                        name + ": " + kind + "." + resource);
            }
        }
        String image = container.path("image").asText();
        assertTrue(image.matches(".+(:[0-9][\\w.-]*|@sha256:[0-9a-f]{64})") && !image.endsWith(":latest"),
                name + ": an immutable image reference, not " + image);
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("deployments")
    void probesAreOnTheManagementPortNeverThePublicOne(JsonNode deployment) {
        String name = deployment.path("metadata").path("name").asText();
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
        int management = -1;
        for (JsonNode port : container.path("ports")) {
            if ("management".equals(port.path("name").asText())) {
                management = port.path("containerPort").asInt();
            }
        }
        assertTrue(management > 0, name + ": a management port");
        JsonNode service = named("Service", name);
        for (JsonNode port : service.path("spec").path("ports")) {
            assertFalse("management".equals(port.path("targetPort").asText()) || port.path("port").asInt() == management,
                    name + ": the Service does not expose the management port");
        }
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals("management", get.path("port").asText(), name + ": " + probe + " on the management port");
            assertTrue(get.path("path").asText().startsWith("/q/health/"), name + ": " + probe + " on Quarkus health");
        }
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("deployments")
    void secretsComeOnlyFromSecrets(JsonNode deployment) {
        String name = deployment.path("metadata").path("name").asText();
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
        for (JsonNode env : container.path("env")) {
            String variable = env.path("name").asText();
            if (SECRET_NAME.matcher(variable).matches()) {
                assertFalse(env.has("value"), name + ": " + variable + " has a literal value");
                assertTrue(env.path("valueFrom").has("secretKeyRef"), name + ": " + variable + " from a Secret");
            }
        }
        named("ConfigMap", name).path("data").fieldNames().forEachRemaining(key ->
                assertFalse(SECRET_NAME.matcher(key).matches(), name + ": secret-looking " + key + " in a ConfigMap"));
    }

    @Test
    void theNetworkIsDeniedByDefaultAndTheInnerServicesHearOnlyTheGateway() {
        JsonNode deny = named("NetworkPolicy", "default-deny");
        assertTrue(deny.path("spec").path("podSelector").isEmpty(), "applies to every pod");
        assertEquals("[\"Ingress\",\"Egress\"]", deny.path("spec").path("policyTypes").toString());
        assertFalse(deny.path("spec").has("ingress") || deny.path("spec").has("egress"), "allows nothing");
        for (String inner : List.of("waybill-service", "audit-service")) {
            JsonNode ingress = named("NetworkPolicy", inner).path("spec").path("ingress");
            assertEquals(1, ingress.size(), inner + ": one ingress rule");
            assertEquals(1, ingress.path(0).path("from").size());
            JsonNode from = ingress.path(0).path("from").path(0);
            assertEquals("access-gateway", from.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText(),
                    inner + ": reached from the gateway only");
            assertFalse(from.has("namespaceSelector") || from.has("ipBlock"), inner + ": from nowhere else");
        }
    }
}
