package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization under {@code k8s/} with a real kustomize: the one built into kubectl 1.31, installed by
 * {@code .ci/install-kubectl} (system property {@code wg.kubectl}, from {@code WG_KUBECTL}). Each directory is
 * rendered once per test run.
 */
final class Kustomize {

    static final Path ROOT = Path.of(System.getProperty("wg.repo.root", "..")).toAbsolutePath().normalize();
    /** The kustomizations that can be deployed, and the base they share. */
    static final List<String> TARGETS = List.of("k8s/base", "k8s/overlays/dev", "k8s/overlays/prod");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The objects {@code kubectl kustomize <directory>} renders; the directory is relative to the repository. */
    static List<JsonNode> build(String directory) {
        return RENDERED.computeIfAbsent(directory, Kustomize::render);
    }

    static JsonNode named(String directory, String kind, String name) {
        return build(directory).stream()
                .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(directory + ": no " + kind + " " + name));
    }

    static List<JsonNode> ofKind(String directory, String kind) {
        return build(directory).stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static Path kubectl() {
        String configured = System.getProperty("wg.kubectl", "");
        Path kubectl = configured.isBlank() || configured.startsWith("${")
                ? Path.of(System.getProperty("user.home"), ".cache/waybill-guard/kubectl-v1.31.9/kubectl")
                : Path.of(configured);
        if (!Files.isExecutable(kubectl)) {
            throw new IllegalStateException("no kubectl at " + kubectl + ": run .ci/install-kubectl (or set WG_KUBECTL)");
        }
        return kubectl;
    }

    private static List<JsonNode> render(String directory) {
        try {
            Path output = Files.createTempFile("kustomize-", ".yaml");
            Path errors = Files.createTempFile("kustomize-", ".err");
            try {
                Process kustomize = new ProcessBuilder(kubectl().toString(), "kustomize", ROOT.resolve(directory).toString())
                        .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
                if (!kustomize.waitFor(120, TimeUnit.SECONDS)) {
                    kustomize.destroyForcibly();
                    throw new AssertionError(directory + ": kustomize did not finish within 120 s");
                }
                if (kustomize.exitValue() != 0) {
                    throw new AssertionError(directory + ": kustomize failed: " + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return parse(output);
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> parse(Path yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        }
        return List.copyOf(objects);
    }
}
