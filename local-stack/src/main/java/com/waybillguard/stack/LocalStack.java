package com.waybillguard.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

/**
 * The whole suite on one machine, as {@code ./run.sh} and the system tests start it: PostgreSQL,
 * Redis and Keycloak (each unless the configuration points at an existing one), then the three
 * services as fast-jars. Closing it stops everything it started, in reverse order.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> DATABASES = List.of("waybill", "audit");
    /** The three services, in start order. */
    private static final List<String> SERVICES = List.of("audit-service", "waybill-service", "access-gateway");

    private final StackConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** Per service, and for {@link RedisUsers#OPERATOR}: the Redis URL with the user's credentials. */
    private final Map<String, String> redisUrls = new HashMap<>();
    private String dbHost;
    private int dbPort;
    private Path grantSigningKey;
    private Path checkpointSigningKey;
    private String consoleSessionSecret;
    private final Map<String, String> streamKeys = new HashMap<>();
    private final Map<String, PostgresServer.ServiceRoles> databaseRoles = new HashMap<>();
    private Optional<KeycloakServer> keycloak = Optional.empty();
    private Optional<PostgresServer> postgres = Optional.empty();
    private Optional<RedisServer> redis = Optional.empty();
    private final Map<String, ManagedProcess> services = new LinkedHashMap<>();
    /** Stops the stack when the JVM exits (Ctrl-C, a crashed test run): it never outlives its starter. */
    private final Thread stopOnExit = new Thread(this::close, "local-stack-stop");

    private LocalStack(StackConfig config) {
        this.config = config;
    }

    /** Starts the stack; on failure stops whatever had started and rethrows. */
    public static LocalStack start(StackConfig config) {
        LocalStack stack = new LocalStack(config);
        Runtime.getRuntime().addShutdownHook(stack.stopOnExit);
        try {
            stack.startAll();
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(config.dataDir());
        // Keycloak is the slow one: start it while the data stores come up.
        CompletableFuture<Optional<KeycloakServer>> oidc = CompletableFuture.supplyAsync(this::startKeycloak);
        try {
            startPostgres();
            startRedis();
            keycloak = join(oidc);
        } catch (Exception e) {
            oidc.exceptionally(ignored -> Optional.empty()).join().ifPresent(KeycloakServer::close);
            throw e;
        }
        keycloak.ifPresent(started::push);
        grantSigningKey = StackSecrets.grantSigningKey(config.dataDir());
        checkpointSigningKey = StackSecrets.checkpointSigningKey(config.dataDir());
        consoleSessionSecret = StackSecrets.password(config.dataDir(), "console-session");
        for (String service : SERVICES) {
            streamKeys.put(service, StackSecrets.streamKey(config.dataDir(), service));
        }
        startServices();
    }

    private void startPostgres() throws Exception {
        if (config.externalDbHost().isPresent()) {
            dbHost = config.externalDbHost().get();
            dbPort = config.dbPort();
            return;
        }
        log("starting PostgreSQL on 127.0.0.1:" + config.pgPort() + " (an owner and an application role per database)");
        PostgresServer pg = PostgresServer.start(config.pgPort(), config.dataDir().resolve("postgres"), true);
        started.push(pg);
        postgres = Optional.of(pg);
        pg.ensureDatabases(DATABASES);
        for (String database : DATABASES) {
            PostgresServer.ServiceRoles roles = PostgresServer.ServiceRoles.of(database,
                    StackSecrets.password(config.dataDir(), "postgres-" + database + "_owner"),
                    StackSecrets.password(config.dataDir(), "postgres-" + database + "_app"));
            pg.ensureServiceRoles(roles);
            databaseRoles.put(database, roles);
        }
        dbHost = "127.0.0.1";
        dbPort = pg.port();
    }

    /**
     * The owner and application role of {@code database} ({@code waybill}, {@code audit}) with their passwords, when
     * the stack started PostgreSQL itself: what the services connect with, and for tests, what an insider holding
     * them could do.
     */
    public Optional<PostgresServer.ServiceRoles> databaseRoles(String database) {
        return Optional.ofNullable(databaseRoles.get(database));
    }

    /**
     * Starts Redis with one user per service and an operator (RedisUsers), passwords kept with the data; an
     * existing Redis ({@code WG_REDIS_URL}) is used by every service with the credentials of its URL.
     */
    private void startRedis() throws IOException {
        if (config.externalRedisUrl().isPresent()) {
            redisUrls.put(RedisUsers.OPERATOR, config.externalRedisUrl().get());
            RedisUsers.services().forEach(service -> redisUrls.put(service, config.externalRedisUrl().get()));
            return;
        }
        log("starting Redis on 127.0.0.1:" + config.redisPort() + " (one ACL user per service)");
        Map<String, String> passwords = new HashMap<>();
        for (String user : users()) {
            passwords.put(user, StackSecrets.password(config.dataDir(), "redis-" + user));
        }
        RedisServer server = RedisServer.start(config.redisPort(), config.dataDir().resolve("redis"),
                RedisUsers.directives(passwords));
        started.push(server);
        redis = Optional.of(server);
        passwords.forEach((user, password) -> redisUrls.put(user, server.url(user, password)));
    }

    private static List<String> users() {
        List<String> users = new ArrayList<>(RedisUsers.services());
        users.add(RedisUsers.OPERATOR);
        return users;
    }

    /**
     * The Redis URL of {@code user} (a service or {@link RedisUsers#OPERATOR}), credentials included: what the
     * service connects with, and for tests, what an insider holding that service's credentials could do.
     */
    public String redisUrl(String user) {
        String url = redisUrls.get(user);
        if (url == null) {
            throw new IllegalArgumentException("no Redis user " + user);
        }
        return url;
    }

    /** Where the operator's Redis password is kept ({@code REDISCLI_AUTH} of the benchmark), if the stack made one. */
    public Optional<Path> redisOperatorPasswordFile() {
        return config.externalRedisUrl().isPresent() ? Optional.empty()
                : Optional.of(StackSecrets.passwordFile(config.dataDir(), "redis-" + RedisUsers.OPERATOR));
    }

    private Optional<KeycloakServer> startKeycloak() {
        if (config.externalOidcUrl().isPresent()) {
            return Optional.empty();
        }
        log("starting Keycloak on " + config.keycloakUrl() + " (the first start takes a minute)");
        try {
            return Optional.of(KeycloakServer.start(config));
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private void startServices() throws IOException {
        log("the services run on Java " + JavaRuntimes.majorVersion(serviceJavaHome()) + " (" + serviceJavaHome() + ")");
        for (String name : SERVICES) {
            log("starting " + name + " on 127.0.0.1:" + port(name));
            ManagedProcess process = startService(name, port(name));
            services.put(name, process);
            started.push(process);
        }
        for (String name : SERVICES) {
            awaitReady(name, services.get(name));
        }
    }

    private int port(String service) {
        return switch (service) {
            case "waybill-service" -> config.waybillPort();
            case "audit-service" -> config.auditPort();
            case "access-gateway" -> config.gatewayPort();
            default -> throw new IllegalArgumentException("no such service: " + service);
        };
    }

    /** The management port of a service: health, metrics and the OpenAPI document, never on the public port. */
    public int managementPort(String service) {
        return switch (service) {
            case "waybill-service" -> config.waybillManagementPort();
            case "audit-service" -> config.auditManagementPort();
            case "access-gateway" -> config.gatewayManagementPort();
            default -> throw new IllegalArgumentException("no such service: " + service);
        };
    }

    private void awaitReady(String name, ManagedProcess process) {
        process.awaitReady(readinessUrl(managementPort(name)), SERVICE_READY_TIMEOUT);
    }

    private static String readinessUrl(int managementPort) {
        return "http://127.0.0.1:" + managementPort + "/q/health/ready";
    }

    /** Stops one of the three services (as a crash or a rollout would); {@link #restart} brings it back. */
    public synchronized void stop(String service) {
        service(service).close();
    }

    /** Freezes a service (SIGSTOP): it keeps its connections and answers nothing until {@link #resume}. */
    public synchronized void pause(String service) {
        service(service).pause();
    }

    /** Lets a paused service go on (SIGCONT). */
    public synchronized void resume(String service) {
        service(service).resume();
    }

    /** Kills one of the three services at once (SIGKILL), as a crash would; {@link #restart} brings it back. */
    public synchronized void kill(String service) {
        service(service).kill();
    }

    /** Whether the service's process is running (paused counts as running). */
    public synchronized boolean isAlive(String service) {
        return service(service).isAlive();
    }

    private ManagedProcess service(String service) {
        ManagedProcess process = services.get(service);
        if (process == null) {
            throw new IllegalArgumentException("no such service: " + service);
        }
        return process;
    }

    /** The PostgreSQL server this stack started, unless it uses an existing one; the fault tests stop it. */
    public Optional<PostgresServer> postgres() {
        return postgres;
    }

    /** The Redis server this stack started, unless it uses an existing one; the fault tests pause it. */
    public Optional<RedisServer> redis() {
        return redis;
    }

    /** Starts a stopped service again with the same configuration and waits until it is ready. */
    public synchronized void restart(String service) throws IOException {
        stop(service);
        // the log goes on, so that it still tells what happened before the restart
        ManagedProcess process = startService(service, port(service), managementPort(service), service, true);
        services.put(service, process);
        started.push(process);
        awaitReady(service, process);
    }

    /**
     * Starts one more access-gateway on {@code port} (its management interface on a free port), sharing
     * Redis and the signing key with the first (as replicas in Kubernetes do), and waits until it is
     * ready. It stops with the stack.
     */
    public synchronized ManagedProcess startGatewayReplica(int port) throws IOException {
        int managementPort = FreePort.find();
        ManagedProcess replica = startService("access-gateway", port, managementPort, "access-gateway-" + port, false);
        started.push(replica);
        replica.awaitReady(readinessUrl(managementPort), SERVICE_READY_TIMEOUT);
        return replica;
    }

    private ManagedProcess startService(String name, int port) throws IOException {
        return startService(name, port, managementPort(name), name, false);
    }

    private ManagedProcess startService(String name, int port, int managementPort, String instance,
                                        boolean appendToLog) throws IOException {
        Path jar = config.repoRoot().resolve(name + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build with ./mvnw package -DskipTests");
        }
        List<String> command = new ArrayList<>();
        command.add(JavaRuntimes.java(serviceJavaHome()).toString());
        command.addAll(List.of(config.serviceJavaOpts().trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        return ManagedProcess.start(instance, command, serviceEnvironment(name, port, managementPort), config.dataDir(),
                config.dataDir().resolve("logs/" + instance + ".log"), appendToLog);
    }

    private Map<String, String> serviceEnvironment(String name, int port, int managementPort) {
        Map<String, String> env = new HashMap<>();
        // glibc's malloc keeps up to 8 arenas per core of freed memory; two are enough for an event-loop service
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("WG_OIDC_URL", config.oidcUrl());
        env.put("WG_REDIS_URL", redisUrl(name));
        if (!name.equals("access-gateway")) {
            putDatabase(env, name.equals("audit-service") ? "audit" : "waybill");
        }
        env.put("WG_GRANT_JWKS_URL", config.gatewayUrl() + "/.well-known/jwks.json");
        env.put("WG_WAYBILL_SERVICE_URL", config.waybillUrl());
        env.put("WG_AUDIT_SERVICE_URL", config.auditUrl());
        env.put("WG_SEED_DEMO", String.valueOf(config.seedDemo()));
        env.put("WG_SEED_WAYBILLS", String.valueOf(config.seedWaybills()));
        env.putAll(config.serviceSettings());
        if (name.equals("access-gateway")) {
            env.put("WG_GRANT_SIGNING_KEY_LOCATION", grantSigningKey.toString());
            env.put("WG_CONSOLE_SESSION_SECRET", consoleSessionSecret);
        }
        // each service signs its audit stream entries with a key of its own; audit-service verifies them all
        env.put("WG_AUDIT_SIGNING_KEY", streamKeys.get(name));
        if (name.equals("audit-service")) {
            env.put("WG_AUDIT_CHECKPOINT_KEY_LOCATION", checkpointSigningKey.toString());
            env.put("WG_AUDIT_STREAM_KEYS_ACCESS_GATEWAY", streamKeys.get("access-gateway"));
            env.put("WG_AUDIT_STREAM_KEYS_WAYBILL_SERVICE", streamKeys.get("waybill-service"));
        }
        return env;
    }

    /** A service's database and its credentials: its own roles when the stack runs PostgreSQL, else the configured user. */
    private void putDatabase(Map<String, String> env, String database) {
        env.put("WG_DB_HOST", dbHost);
        env.put("WG_DB_PORT", String.valueOf(dbPort));
        env.put("WG_DB_NAME", database);
        PostgresServer.ServiceRoles roles = databaseRoles.get(database);
        if (roles != null) {
            env.put("WG_DB_USER", roles.app());
            env.put("WG_DB_PASSWORD", roles.appPassword());
            env.put("WG_DB_MIGRATION_USER", roles.owner());
            env.put("WG_DB_MIGRATION_PASSWORD", roles.ownerPassword());
        } else {
            env.put("WG_DB_USER", config.dbUser());
            env.put("WG_DB_PASSWORD", config.dbPassword());
        }
    }

    /** {@code WG_SERVICE_JAVA_HOME}, else the newest Java 21+ of the machine, else the launcher's own Java. */
    private Path serviceJavaHome() {
        return config.serviceJavaHome()
                .or(() -> JavaRuntimes.newest(JavaRuntimes.MIN_MAJOR))
                .orElse(Path.of(System.getProperty("java.home")));
    }

    public StackConfig config() {
        return config;
    }

    public Optional<String> keycloakAdminPassword() {
        return keycloak.map(KeycloakServer::adminPassword);
    }

    @Override
    public synchronized void close() {
        if (Thread.currentThread() == stopOnExit) {
            if (!started.isEmpty()) {
                log("stopping");
            }
        } else {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException exiting) {
                // the JVM is already shutting down; the hook and this call stop the same things
            }
        }
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                log("could not stop a component cleanly: " + e.getMessage());
            }
        }
    }

    private static <T> T join(CompletableFuture<T> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    static void log(String message) {
        System.out.println("[local-stack] " + message);
    }

    /** {@code ./run.sh}: starts the stack in the foreground until Ctrl-C. */
    public static void main(String[] args) throws InterruptedException {
        Path repoRoot = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        StackConfig config;
        try {
            config = StackConfig.fromEnvironment(System.getenv(), repoRoot);
        } catch (IllegalArgumentException e) {
            System.err.println("[local-stack] " + e.getMessage());
            System.exit(2);
            return;
        }
        long t0 = System.nanoTime();
        LocalStack stack;
        try {
            stack = start(config);
        } catch (RuntimeException e) {
            System.err.println("[local-stack] could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(Banner.text(stack, Duration.ofNanos(System.nanoTime() - t0)));
        // runs until SIGINT/SIGTERM; the shutdown hook registered by start() stops everything
        new CountDownLatch(1).await();
    }
}
