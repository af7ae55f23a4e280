import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a service spends its CPU, from a JFR recording made by {@code BENCH_PROFILE=1 ./bench.sh}: the share of
 * execution samples per area of the code, then the methods on top of the stack (self) and on the stack at all
 * (inclusive). A sample belongs to the area of the frame nearest the top of its stack that is in a known area, so
 * JDK code (collections, strings, big integers) counts for the library that called it; "inclusive" figures of
 * reactive code are misleading (a callback runs on the stack of whatever completed it), the areas are not.
 *
 * <pre>java bench/JfrTop.java target/bench/profile-access-gateway.jfr [top-n]</pre>
 */
public class JfrTop {

    /** Areas of the code, matched against the class name of each frame; the first that matches names the frame's area. */
    private static final List<Map.Entry<String, List<String>>> AREAS = List.of(
            Map.entry("crypto: EC (P-256)", List.of("sun.security.ec.", "sun.security.util.math.")),
            Map.entry("crypto: SHA-256, HMAC", List.of("sun.security.provider.", "com.sun.crypto.provider.")),
            Map.entry("crypto: RSA (token signature)", List.of("sun.security.rsa.", "java.math.")),
            Map.entry("JWT parsing/validation (jose4j, smallrye-jwt)", List.of("org.jose4j.", "io.smallrye.jwt.")),
            Map.entry("OIDC (token checks)", List.of("io.quarkus.oidc.")),
            Map.entry("JSON (Jackson)", List.of("com.fasterxml.jackson.")),
            Map.entry("Redis client", List.of("io.vertx.redis.", "io.quarkus.redis.")),
            Map.entry("PostgreSQL client + Hibernate Reactive", List.of("io.vertx.pgclient.", "io.vertx.sqlclient.",
                    "org.hibernate.")),
            Map.entry("REST server (RESTEasy Reactive)", List.of("org.jboss.resteasy.reactive.server.",
                    "io.quarkus.resteasy.reactive.server.")),
            Map.entry("REST client", List.of("org.jboss.resteasy.reactive.client.", "io.quarkus.rest.client.")),
            Map.entry("fault tolerance", List.of("io.smallrye.faulttolerance.")),
            Map.entry("metrics (Micrometer)", List.of("io.micrometer.")),
            Map.entry("logging", List.of("org.jboss.logmanager.", "org.jboss.logging.")),
            Map.entry("context propagation", List.of("io.smallrye.context.")),
            Map.entry("Mutiny", List.of("io.smallrye.mutiny.")),
            Map.entry("config lookups (SmallRye Config)", List.of("io.smallrye.config.")),
            Map.entry("CDI (ArC)", List.of("io.quarkus.arc.")),
            Map.entry("security (Quarkus)", List.of("io.quarkus.security.", "io.quarkus.vertx.http.runtime.security.")),
            Map.entry("Vert.x core + Netty (HTTP, I/O)", List.of("io.vertx.core.", "io.netty.")),
            Map.entry("waybill-guard code", List.of("com.waybillguard.")));

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> areas = new HashMap<>();
        int samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = stack.getFrames();
                self.merge(name(frames.get(0)), 1, Integer::sum);
                Set<String> methods = new HashSet<>();
                String owner = null;
                for (RecordedFrame frame : frames) {
                    String method = name(frame);
                    if (methods.add(method)) {
                        inclusive.merge(method, 1, Integer::sum);
                    }
                    if (owner == null) {
                        owner = area(frame.getMethod().getType().getName());
                    }
                }
                areas.merge(owner == null ? "other (JDK only, or unlisted library)" : owner, 1, Integer::sum);
            }
        }
        System.out.printf("%s: %d execution samples%n", file.getFileName(), samples);
        print("areas (nearest known frame to the top)", areas, samples, areas.size());
        print("methods on top of the stack (self)", self, samples, top);
        print("methods on the stack (inclusive)", inclusive, samples, top);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String area(String className) {
        for (Map.Entry<String, List<String>> area : AREAS) {
            for (String prefix : area.getValue()) {
                if (className.startsWith(prefix)) {
                    return area.getKey();
                }
            }
        }
        return null;
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println("--- " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("%5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }
}
