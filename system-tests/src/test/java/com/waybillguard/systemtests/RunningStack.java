package com.waybillguard.systemtests;

import com.waybillguard.stack.FreePort;
import com.waybillguard.stack.LocalStack;
import com.waybillguard.stack.StackConfig;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts the whole local stack once per test JVM, exactly as {@code ./run.sh} does (Keycloak
 * included), but on free ports and in its own data directory, so that it never collides with a
 * stack a developer has running. Stops it when the test run ends.
 *
 * <p>The functional tests drive the demo accounts harder than any clerk would (every policy case within
 * seconds, races, quotas), so this stack runs the detection rules in shadow mode: they alert but do not
 * suspend. {@link DetectionStack} runs them at their defaults for the insider scenarios.
 */
public final class RunningStack implements BeforeAllCallback {

    /** Keycloak's access tokens live 5 minutes (the realm's accessTokenLifespan); a cached one is renewed before. */
    private static final Duration TOKEN_REUSE = Duration.ofMinutes(4);
    private static final Map<String, CachedToken> TOKENS = new ConcurrentHashMap<>();
    private static LocalStack stack;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(RunningStack.class, k -> (ExtensionContext.Store.CloseableResource) RunningStack::stop);
        start();
    }

    private static synchronized void start() {
        if (stack != null) {
            return;
        }
        Path repoRoot = Path.of(System.getProperty("wg.repo.root", "..")).toAbsolutePath().normalize();
        Path dataDir = repoRoot.resolve("system-tests/target/stack");
        // every run starts from empty data stores (quotas, grants, waybills, audit log);
        // only the unpacked Keycloak and its realm are kept, to save its first start
        deleteRecursively(dataDir.resolve("postgres"));
        deleteRecursively(dataDir.resolve("redis"));
        Map<String, String> env = new HashMap<>();
        env.put("WG_DATA_DIR", dataDir.toString());
        putFreePorts(env, "WG_KEYCLOAK_PORT", "WG_KEYCLOAK_MANAGEMENT_PORT");
        env.put("WG_SEED_DEMO", "true");
        env.put("WG_SEED_WAYBILLS", "2000");
        for (String rule : new String[] {"ENUMERATION", "SHARED_ACCOUNT", "VOLUME", "HONEYTOKEN", "SCOPE_PROBING"}) {
            env.put("WG_DETECTION_" + rule + "_MODE", "shadow");
        }
        // the load test lifts one account far above a working day (ConcurrentLoadIT); the default ceilings of an
        // override are tested by the gateway's own tests
        env.put("WG_QUOTA_OVERRIDE_MAX_PER_MINUTE", "100000");
        env.put("WG_QUOTA_OVERRIDE_MAX_PER_HOUR", "100000");
        env.put("WG_QUOTA_OVERRIDE_MAX_PER_DAY", "100000");
        // a waybill view clears itself within a test's patience (ConsoleIT)
        env.put("WG_CONSOLE_VIEW_LIFETIME", "15s");
        StackConfig config = StackConfig.fromEnvironment(env, repoRoot);
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = config.gatewayPort();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        stack = LocalStack.start(config);
    }

    /** Free ports for PostgreSQL, Redis and the services' public and management ports, and the extra ones named. */
    static void putFreePorts(Map<String, String> env, String... extra) {
        Stream.concat(Stream.of("WG_PG_PORT", "WG_REDIS_PORT", "WG_GATEWAY_PORT", "WG_WAYBILL_PORT", "WG_AUDIT_PORT",
                                "WG_GATEWAY_MANAGEMENT_PORT", "WG_WAYBILL_MANAGEMENT_PORT", "WG_AUDIT_MANAGEMENT_PORT"),
                        Stream.of(extra))
                .forEach(port -> env.put(port, String.valueOf(FreePort.find())));
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }

    private static synchronized void stop() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    static StackConfig config() {
        start();
        return stack.config();
    }

    static LocalStack stack() {
        return stack;
    }

    /** An access token for a demo account (password grant on {@code wg-cli}), cached per user while it is young. */
    static String token(String username) {
        return TOKENS.compute(username, (user, cached) -> cached != null && cached.young()
                ? cached : new CachedToken(freshToken(user), System.nanoTime())).value();
    }

    private record CachedToken(String value, long fetchedNanos) {
        boolean young() {
            return System.nanoTime() - fetchedNanos < TOKEN_REUSE.toNanos();
        }
    }

    static String freshToken(String username) {
        return RestAssured.given()
                .baseUri(config().oidcUrl())
                .contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", "wg-cli")
                .formParam("username", username)
                .formParam("password", "demo")
                .post("/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }
}
