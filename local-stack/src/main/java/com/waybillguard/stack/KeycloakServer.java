package com.waybillguard.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak from the {@code org.keycloak:keycloak-quarkus-dist} zip (Maven Central; the build copies
 * it to {@code local-stack/target/keycloak/}), unpacked once under the data directory, started in
 * development mode on 127.0.0.1 with a Java 21+ and the committed realm {@code waybill-guard}
 * imported on first start.
 */
public final class KeycloakServer implements AutoCloseable {

    private static final String REALM_RESOURCE = "/realm/waybill-guard-realm.json";
    private static final Duration FIRST_START_TIMEOUT = Duration.ofMinutes(5);
    /** The gateway URL the committed realm names. */
    private static final String DEFAULT_GATEWAY = "http://127.0.0.1:8080";

    private final ManagedProcess process;
    private final String adminPassword;

    private KeycloakServer(ManagedProcess process, String adminPassword) {
        this.process = process;
        this.adminPassword = adminPassword;
    }

    /** Unpacks (first time only) and starts Keycloak; returns once the realm answers discovery. */
    public static KeycloakServer start(StackConfig config) throws IOException {
        Path home = unpack(distribution(config.repoRoot()), config.dataDir().resolve("keycloak"));
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        Files.writeString(imports.resolve("waybill-guard-realm.json"), realm(config.gatewayUrl()));
        reimportWhenTheGatewayMoved(home, config.gatewayUrl());
        Path javaHome = config.keycloakJavaHome()
                .or(() -> JavaRuntimes.newest(JavaRuntimes.MIN_MAJOR))
                .orElseThrow(KeycloakServer::noJava);
        String adminPassword = config.keycloakAdminPassword().orElseGet(KeycloakServer::randomPassword);
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + config.keycloakPort(),
                "--http-management-port=" + config.keycloakManagementPort(),
                "--hostname=" + config.keycloakUrl(),
                "--import-realm",
                "--health-enabled=true");
        Map<String, String> env = Map.of(
                "JAVA_HOME", javaHome.toString(),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m",
                // Keycloak's JBoss threads reset thread locals by reflection, which Java 24+ only allows when opened
                "JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        ManagedProcess process = ManagedProcess.start("keycloak", command, env, home,
                config.dataDir().resolve("logs/keycloak.log"));
        try {
            process.awaitReady(config.oidcUrl() + "/.well-known/openid-configuration", FIRST_START_TIMEOUT);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new KeycloakServer(process, adminPassword);
    }

    /**
     * The committed realm with the console client's redirect and logout URIs pointing at this stack's gateway (the
     * realm names the default {@code http://127.0.0.1:8080}).
     */
    static String realm(String gatewayUrl) throws IOException {
        try (InputStream realm = KeycloakServer.class.getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException("realm file missing from the launcher: " + REALM_RESOURCE);
            }
            URI gateway = URI.create(gatewayUrl);
            return new String(realm.readAllBytes(), StandardCharsets.UTF_8)
                    .replace(DEFAULT_GATEWAY, gatewayUrl)
                    .replace(DEFAULT_GATEWAY.replace("127.0.0.1", "localhost"),
                            gatewayUrl.replace(gateway.getHost(), "localhost"));
        }
    }

    /**
     * Keycloak imports a realm only when it does not have it yet: when the gateway's URL changed since the last
     * import, its development database is dropped so the realm is imported again with the new URIs (the demo
     * accounts are in the realm file; the bootstrap admin is created again).
     */
    private static void reimportWhenTheGatewayMoved(Path home, String gatewayUrl) throws IOException {
        Path marker = home.resolve("data/realm-imported-for");
        if (Files.exists(marker) && Files.readString(marker).equals(gatewayUrl)) {
            return;
        }
        Path database = home.resolve("data/h2");
        if (Files.exists(database)) {
            try (Stream<Path> files = Files.walk(database)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.writeString(marker, gatewayUrl);
    }

    public String adminPassword() {
        return adminPassword;
    }

    public Path logFile() {
        return process.logFile();
    }

    @Override
    public void close() {
        process.close();
    }

    private static Path distribution(Path repoRoot) {
        Path dir = repoRoot.resolve("local-stack/target/keycloak");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".zip")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Keycloak zip in " + dir + "; run ./mvnw package"));
        } catch (IOException e) {
            throw new IllegalStateException("no Keycloak distribution in " + dir + "; run ./mvnw package", e);
        }
    }

    /** Unpacks the zip into {@code target} (stripping its top folder) unless that was done before. */
    static Path unpack(Path zip, Path target) throws IOException {
        Path marker = target.resolve(".unpacked-from-" + zip.getFileName() + "-" + Files.size(zip));
        if (Files.exists(marker)) {
            return target;
        }
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path out = target.resolve(name.substring(slash + 1)).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target folder: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    if (name.endsWith(".sh")) {
                        out.toFile().setExecutable(true);
                    }
                }
            }
        }
        Files.createFile(marker);
        return target;
    }

    private static IllegalStateException noJava() {
        return new IllegalStateException("Keycloak needs Java " + JavaRuntimes.MIN_MAJOR
                + "+; none found in JAVA_HOME or /usr/lib/jvm: set WG_KEYCLOAK_JAVA_HOME");
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
