package com.waybillguard.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Java runtimes of this machine: {@code JAVA_HOME} and the JDKs under {@code /usr/lib/jvm}. Keycloak needs
 * Java 21 or newer; the services are built for Java 17 but run faster on the newest runtime (P-256 signatures, which
 * every grant costs, are three to four times faster on 25 than on 17).
 */
final class JavaRuntimes {

    /** The oldest Java the launcher starts Keycloak and the services with, when it picks one itself. */
    static final int MIN_MAJOR = 21;

    private static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");

    private JavaRuntimes() {
    }

    /** The newest runtime of at least {@code minMajor}: {@code JAVA_HOME} if it is the newest, else under /usr/lib/jvm. */
    static Optional<Path> newest(int minMajor) {
        Stream<Path> candidates = Stream.concat(
                Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).stream(),
                installed());
        return candidates.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .filter(home -> majorVersion(home) >= minMajor)
                .max(Comparator.comparingInt(JavaRuntimes::majorVersion));
    }

    /** The {@code java} executable of a runtime. */
    static Path java(Path javaHome) {
        return javaHome.resolve("bin").resolve("java");
    }

    static int majorVersion(Path javaHome) {
        try (Stream<String> lines = Files.lines(javaHome.resolve("release"))) {
            return lines.filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .map(v -> v.startsWith("1.") ? v.substring(2) : v)
                    .map(v -> Integer.parseInt(v.split("[.+-]")[0]))
                    .findFirst().orElse(0);
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return 0;
        }
    }

    private static Stream<Path> installed() {
        try (Stream<Path> jvms = Files.list(JVM_DIRECTORY)) {
            return jvms.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
