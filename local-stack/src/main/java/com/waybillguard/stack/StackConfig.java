package com.waybillguard.stack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the local stack can be told, read from environment variables (documented in the
 * README). An {@code WG_*_URL}/{@code WG_DB_HOST} that points at an existing server means the stack
 * starts none of its own.
 *
 * @param repoRoot          the checkout, where the service fast-jars are built
 * @param dataDir           where PostgreSQL, Redis, Keycloak and the logs keep their files
 * @param pgPort            port of the embedded PostgreSQL
 * @param externalDbHost    an existing PostgreSQL to use instead (host), if any
 * @param dbPort            port of the existing PostgreSQL (ignored when embedded)
 * @param dbUser            database user
 * @param dbPassword        database password
 * @param redisPort         port of the embedded Redis
 * @param externalRedisUrl  an existing Redis to use instead, if any
 * @param keycloakPort      port of the local Keycloak
 * @param keycloakManagementPort port of the local Keycloak's management interface (health)
 * @param externalOidcUrl   an existing OIDC realm URL to use instead, if any
 * @param keycloakJavaHome  a Java 21+ for Keycloak, if given explicitly
 * @param keycloakAdminPassword password of Keycloak's bootstrap admin; generated when absent
 * @param gatewayPort       access-gateway port
 * @param waybillPort       waybill-service port
 * @param auditPort         audit-service port
 * @param gatewayManagementPort access-gateway management port (health, metrics, OpenAPI)
 * @param waybillManagementPort waybill-service management port
 * @param auditManagementPort   audit-service management port
 * @param seedDemo          seed the synthetic demo waybills
 * @param seedWaybills      how many demo waybills
 * @param serviceJavaHome   the Java that runs the three services, if given explicitly (else the newest 21+, else
 *                          the launcher's own)
 * @param serviceJavaOpts   JVM options for the three services
 * @param serviceSettings   every {@code WG_DETECTION_*}, {@code WG_QUOTA_*} and {@code WG_CONSOLE_*} variable
 *                          (detection modes and thresholds, quota limits and ceilings, console settings), passed
 *                          unchanged to the three services
 *                          (detection rule modes, windows, thresholds)
 */
public record StackConfig(
        Path repoRoot,
        Path dataDir,
        int pgPort,
        Optional<String> externalDbHost,
        int dbPort,
        String dbUser,
        String dbPassword,
        int redisPort,
        Optional<String> externalRedisUrl,
        int keycloakPort,
        int keycloakManagementPort,
        Optional<String> externalOidcUrl,
        Optional<Path> keycloakJavaHome,
        Optional<String> keycloakAdminPassword,
        int gatewayPort,
        int waybillPort,
        int auditPort,
        int gatewayManagementPort,
        int waybillManagementPort,
        int auditManagementPort,
        boolean seedDemo,
        int seedWaybills,
        Optional<Path> serviceJavaHome,
        String serviceJavaOpts,
        Map<String, String> serviceSettings) {

    public static final String REALM = "waybill-guard";

    /**
     * JVM options of the services unless {@code WG_SERVICE_JAVA_OPTS} says otherwise. Measured under the benchmark
     * (BENCHMARKS.md): a service's live heap after a full GC is 15–30 MB, so 96 MB leaves room for bursts while the
     * serial collector no longer grows the old generation with garbage up to 256 MB (gateway RSS 480 MB before).
     * Once a minute the native heap is trimmed: native memory tracking showed waybill-service at 239 MB committed and
     * 309 MB resident after the load, the difference being memory glibc kept after the JIT's compiler arenas (46 MB at
     * their peak) had given it back; with the trim, 256–284 MB.
     */
    public static final String DEFAULT_SERVICE_JAVA_OPTS = "-Xms32m -Xmx96m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=60000";

    /** Variables with this prefix configure the detection rules of the services and are passed to each of them. */
    public static final String DETECTION_PREFIX = "WG_DETECTION_";
    public static final String QUOTA_PREFIX = "WG_QUOTA_";
    public static final String CONSOLE_PREFIX = "WG_CONSOLE_";

    /** Reads the configuration from {@code env}; {@code repoRoot} is where the modules live. */
    public static StackConfig fromEnvironment(Map<String, String> env, Path repoRoot) {
        Env e = new Env(env);
        int pgPort = e.port("WG_PG_PORT", 15432);
        return new StackConfig(
                repoRoot,
                e.text("WG_DATA_DIR").map(Path::of).orElse(repoRoot.resolve("target/local-stack")).toAbsolutePath(),
                pgPort,
                e.text("WG_DB_HOST"),
                e.port("WG_DB_PORT", pgPort),
                e.text("WG_DB_USER").orElse(PostgresServer.USER),
                e.text("WG_DB_PASSWORD").orElse(""),
                e.port("WG_REDIS_PORT", 16379),
                e.text("WG_REDIS_URL"),
                e.port("WG_KEYCLOAK_PORT", 8180),
                e.port("WG_KEYCLOAK_MANAGEMENT_PORT", 9180),
                e.text("WG_OIDC_URL"),
                e.text("WG_KEYCLOAK_JAVA_HOME").map(Path::of),
                e.text("WG_KEYCLOAK_ADMIN_PASSWORD"),
                e.port("WG_GATEWAY_PORT", 8080),
                e.port("WG_WAYBILL_PORT", 8081),
                e.port("WG_AUDIT_PORT", 8082),
                e.port("WG_GATEWAY_MANAGEMENT_PORT", 9080),
                e.port("WG_WAYBILL_MANAGEMENT_PORT", 9081),
                e.port("WG_AUDIT_MANAGEMENT_PORT", 9082),
                e.bool("WG_SEED_DEMO", true),
                e.count("WG_SEED_WAYBILLS", 10_000),
                e.text("WG_SERVICE_JAVA_HOME").map(Path::of),
                e.text("WG_SERVICE_JAVA_OPTS").orElse(DEFAULT_SERVICE_JAVA_OPTS),
                e.withPrefixes(DETECTION_PREFIX, QUOTA_PREFIX, CONSOLE_PREFIX));
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    public String waybillUrl() {
        return "http://127.0.0.1:" + waybillPort;
    }

    public String auditUrl() {
        return "http://127.0.0.1:" + auditPort;
    }

    /** Where a service's health, metrics and OpenAPI document are served. */
    public String managementUrl(int managementPort) {
        return "http://127.0.0.1:" + managementPort;
    }

    public String keycloakUrl() {
        return "http://127.0.0.1:" + keycloakPort;
    }

    /** The OIDC realm URL the services trust. */
    public String oidcUrl() {
        return externalOidcUrl.orElse(keycloakUrl() + "/realms/" + REALM);
    }

    /** Reads typed values and says which variable is wrong when one is. */
    private record Env(Map<String, String> env) {

        Map<String, String> withPrefixes(String... prefixes) {
            Map<String, String> selected = new TreeMap<>();
            env.forEach((name, value) -> {
                if (Arrays.stream(prefixes).anyMatch(name::startsWith)) {
                    selected.put(name, value);
                }
            });
            return Map.copyOf(selected);
        }

        Optional<String> text(String name) {
            return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
        }

        int port(String name, int fallback) {
            int port = number(name, fallback);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " must be a TCP port (0-65535), not " + port);
            }
            return port;
        }

        int count(String name, int fallback) {
            int count = number(name, fallback);
            if (count < 0) {
                throw new IllegalArgumentException(name + " must not be negative, not " + count);
            }
            return count;
        }

        private int number(String name, int fallback) {
            return text(name).map(v -> {
                try {
                    return Integer.parseInt(v);
                } catch (NumberFormatException ex) {
                    throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
                }
            }).orElse(fallback);
        }

        boolean bool(String name, boolean fallback) {
            return text(name).map(v -> switch (v.toLowerCase()) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new IllegalArgumentException(name + " must be true or false, not '" + v + "'");
            }).orElse(fallback);
        }
    }
}
