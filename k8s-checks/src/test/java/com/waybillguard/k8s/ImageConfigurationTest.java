package com.waybillguard.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each service's image is built by Jib (no Docker daemon) from a pinned base image, runs as a non-root user, and
 * is the image the base manifests name: {@code <registry>/waybill-guard/<service>}. The images themselves are not
 * built here (no registry is reachable): this checks their configuration.
 */
class ImageConfigurationTest {

    private static final Path ROOT = Path.of(System.getProperty("wg.repo.root", ".."));

    @ParameterizedTest
    @ValueSource(strings = {"access-gateway", "waybill-service", "audit-service"})
    void theImageIsPinnedNonRootAndTheOneTheManifestsName(String service) throws IOException {
        assertTrue(Files.readString(ROOT.resolve(service + "/pom.xml")).contains("<artifactId>quarkus-container-image-jib</artifactId>"),
                service + ": built by Jib");
        Properties config = new Properties();
        try (Reader in = Files.newBufferedReader(ROOT.resolve(service + "/src/main/resources/application.properties"),
                StandardCharsets.UTF_8)) {
            config.load(in);
        }
        String base = config.getProperty("quarkus.jib.base-jvm-image", "");
        assertTrue(base.matches(".+(:[0-9][\\w.-]*|@sha256:[0-9a-f]{64})") && !base.endsWith(":latest"),
                service + ": a pinned base image, not '" + base + "'");
        int user = Integer.parseInt(config.getProperty("quarkus.jib.user", "0"));
        assertTrue(user > 0, service + ": runs as a non-root user");
        assertEquals("waybill-guard", config.getProperty("quarkus.container-image.group"));
        assertEquals(service, config.getProperty("quarkus.container-image.name"));
        assertFalse(config.containsKey("quarkus.container-image.additional-tags"), service + ": no extra (latest) tag");

        for (String target : Kustomize.TARGETS) {
            JsonNode pod = Workloads.pod(Kustomize.named(target, "Deployment", service));
            String image = pod.path("containers").path(0).path("image").asText();
            assertTrue(image.matches("[^/]+/waybill-guard/" + service + "(:[0-9][\\w.-]*|@sha256:[0-9a-f]{64})"),
                    target + " " + service + ": manifests name " + image);
            assertEquals(user, pod.path("securityContext").path("runAsUser").asInt(), target + " " + service + ": the image's user");
        }
    }
}
