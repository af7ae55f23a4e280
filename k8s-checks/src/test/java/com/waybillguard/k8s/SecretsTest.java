package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No secret value is committed, and every Secret an overlay refers to has a way to exist: the rendered overlays
 * hold no Secret object; {@code k8s/scripts/create-secrets.sh} (run here with {@code DRY_RUN=1}) creates exactly
 * the Secrets and keys each overlay refers to, with fresh random values and key pairs the services can read; and
 * prod's ExternalSecrets produce the same Secrets and keys.
 */
class SecretsTest {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----\\s+([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
    private static final Map<String, Map<String, List<JsonNode>>> CREATED = new HashMap<>();

    @BeforeAll
    static void runTheScript() throws Exception {
        for (String overlay : List.of("dev", "prod")) {
            CREATED.put(overlay, Map.of("first", run(overlay), "second", run(overlay)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theScriptCreatesExactlyTheSecretsTheOverlayRefersTo(String overlay) {
        String target = "k8s/overlays/" + overlay;
        assertTrue(Kustomize.ofKind(target, "Secret").isEmpty(), target + ": no Secret object, so no committed value");
        List<JsonNode> created = CREATED.get(overlay).get("first");
        assertEquals(List.of(), created.stream().flatMap(s -> StrictSchema.violations(s).stream()).toList());
        assertEquals(referenced(target), keys(created), target);
        String namespace = Kustomize.ofKind(target, "Namespace").get(0).path("metadata").path("name").asText();
        created.forEach(s -> assertEquals(namespace, s.path("metadata").path("namespace").asText()));
    }

    @Test
    void prodExternalSecretsProduceTheSameSecretsAsTheScript() {
        Set<String> external = new TreeSet<>();
        for (JsonNode secret : Kustomize.ofKind("k8s/overlays/prod", "ExternalSecret")) {
            String name = secret.path("spec").path("target").path("name").asText();
            JsonNode template = secret.path("spec").path("target").path("template").path("data");
            if (template.isObject() && !template.isEmpty()) {
                template.fieldNames().forEachRemaining(k -> external.add(name + "/" + k));
            } else {
                secret.path("spec").path("data").forEach(d -> external.add(name + "/" + d.path("secretKey").asText()));
            }
            assertEquals("ClusterSecretStore", secret.path("spec").path("secretStoreRef").path("kind").asText());
        }
        assertEquals(keys(CREATED.get("prod").get("first")), external);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyValueIsFreshAndTheKeysAreReadable(String overlay) throws Exception {
        Map<String, String> first = values(CREATED.get(overlay).get("first"));
        Map<String, String> second = values(CREATED.get(overlay).get("second"));
        for (Map.Entry<String, String> value : first.entrySet()) {
            if (!value.getKey().endsWith("/username")) {
                assertNotEquals(second.get(value.getKey()), value.getValue(), value.getKey() + ": random on every run");
                assertTrue(value.getValue().length() >= 32, value.getKey() + ": long enough");
            }
        }
        assertTrue(first.get("wg-db-audit-app/password").matches("[A-Za-z0-9_-]{32}"), "URL-safe database password");
        assertTrue(first.get("wg-redis/waybill-service-url").contains("redis://waybill-service:"
                + first.get("wg-redis-users/waybill-service") + "@"), "the URL carries the service's own Redis password");

        Map<String, byte[]> grant = pem(first.get("wg-grant-signing-key/grant-signing-key.pem"));
        ECPrivateKey signing = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(grant.get("PRIVATE KEY")));
        assertEquals(256, signing.getParams().getCurve().getField().getFieldSize(), "P-256");
        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(grant.get("PUBLIC KEY")));
        Map<String, byte[]> checkpoint = pem(first.get("wg-checkpoint-signing-key/checkpoint-signing-key.pem"));
        KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(checkpoint.get("PRIVATE KEY")));
        KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(checkpoint.get("PUBLIC KEY")));
        assertEquals(32, Base64.getDecoder().decode(first.get("wg-stream-keys/audit-service")).length);
    }

    /** "secret/key" for every key of a Secret the rendered objects refer to. */
    private static Set<String> referenced(String target) {
        Set<String> keys = new TreeSet<>();
        for (JsonNode workload : Workloads.of(target)) {
            for (JsonNode container : Workloads.containers(workload)) {
                for (JsonNode env : container.path("env")) {
                    JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                    if (!ref.isMissingNode()) {
                        keys.add(ref.path("name").asText() + "/" + ref.path("key").asText());
                    }
                }
            }
            for (JsonNode volume : Workloads.pod(workload).path("volumes")) {
                String secret = volume.path("secret").path("secretName").asText("");
                if (secret.equals("waybill-guard-db-ca") || volume.path("secret").path("optional").asBoolean(false)) {
                    continue; // CloudNativePG's own CA certificate (created by the operator), or needed only in a rotation
                }
                if (!secret.isEmpty()) {
                    keys.add(secret + "/*");
                }
            }
        }
        for (JsonNode cluster : Kustomize.ofKind(target, "Cluster")) {
            keys.add(cluster.path("spec").path("bootstrap").path("initdb").path("secret").path("name").asText() + "/*");
            cluster.path("spec").path("managed").path("roles").forEach(r -> keys.add(r.path("passwordSecret").path("name").asText() + "/*"));
        }
        // a whole-Secret reference is satisfied by every key the Secret has
        Set<String> wholes = new TreeSet<>();
        keys.removeIf(k -> k.endsWith("/*") && wholes.add(k.substring(0, k.length() - 2)));
        Set<String> expanded = new TreeSet<>(keys);
        for (String secret : wholes) {
            expanded.addAll(keys(CREATED.get(target.substring(target.lastIndexOf('/') + 1)).get("first")).stream()
                    .filter(k -> k.startsWith(secret + "/")).toList());
            assertTrue(expanded.stream().anyMatch(k -> k.startsWith(secret + "/")), target + ": " + secret + " is created");
        }
        return expanded;
    }

    private static Set<String> keys(List<JsonNode> secrets) {
        return new TreeSet<>(values(secrets).keySet());
    }

    private static Map<String, String> values(List<JsonNode> secrets) {
        Map<String, String> values = new HashMap<>();
        for (JsonNode secret : secrets) {
            secret.path("data").fields().forEachRemaining(e -> values.put(secret.path("metadata").path("name").asText() + "/" + e.getKey(),
                    new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        }
        return values;
    }

    private static Map<String, byte[]> pem(String text) {
        Map<String, byte[]> blocks = new HashMap<>();
        Matcher block = PEM.matcher(text);
        while (block.find()) {
            blocks.put(block.group(1), Base64.getMimeDecoder().decode(block.group(2)));
        }
        return blocks;
    }

    private static List<JsonNode> run(String overlay) throws IOException, InterruptedException {
        Path output = Files.createTempFile("secrets-", ".yaml");
        try {
            ProcessBuilder script = new ProcessBuilder("bash", Kustomize.ROOT.resolve("k8s/scripts/create-secrets.sh").toString(), overlay)
                    .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
            script.environment().put("DRY_RUN", "1");
            script.environment().put("KUBECTL", Kustomize.kubectl().toString());
            script.environment().put("KUBECONFIG", "/nonexistent");
            Process process = script.start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "create-secrets.sh finishes");
            assertEquals(0, process.exitValue(), "create-secrets.sh " + overlay);
            return Kustomize.parse(output);
        } finally {
            Files.delete(output);
        }
    }
}
