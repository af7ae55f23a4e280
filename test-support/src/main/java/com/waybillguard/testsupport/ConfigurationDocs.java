package com.waybillguard.testsupport;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service can be configured with, and what its documents say it can: the tests compare the two so
 * that a configuration table never misses a setting. A property is written as in {@code application.properties}
 * ({@code wg.quota.outlet-per-day}); a map key as {@code *} (a document may write {@code <role>} instead).
 */
public final class ConfigurationDocs {

    /** {@code ${NAME:default}} or {@code ${NAME}} in a properties value, for environment variables in capitals. */
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>|\"[^\"]+\"");

    private ConfigurationDocs() {
    }

    /** Every property of a {@link ConfigMapping} interface, with its prefix, in sorted order. */
    public static Set<String> properties(Class<?> mapping) {
        ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
        if (annotation == null) {
            throw new IllegalArgumentException(mapping.getSimpleName() + " is not a @ConfigMapping interface");
        }
        Set<String> names = new TreeSet<>();
        collect(mapping, annotation.prefix(), names);
        return names;
    }

    /** The environment variables that {@code application.properties} (or any properties text) reads. */
    public static Set<String> environmentVariables(Path propertiesFile) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = ENV_REFERENCE.matcher(read(propertiesFile));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * Every back-ticked name in a table row of a Markdown file, map keys written as {@code *}:
     * {@code `wg.quota.roles.<role>.per-minute`} becomes {@code wg.quota.roles.*.per-minute}.
     */
    public static Set<String> documented(Path markdownFile) {
        Set<String> names = new TreeSet<>();
        for (String line : read(markdownFile).split("\n")) {
            if (!line.startsWith("|")) {
                continue;
            }
            Matcher matcher = BACKTICKED.matcher(line);
            while (matcher.find()) {
                names.add(PLACEHOLDER.matcher(matcher.group(1).trim()).replaceAll("*"));
            }
        }
        return names;
    }

    /** The environment variable SmallRye Config maps to a property ({@code wg.grant.ttl} → {@code WG_GRANT_TTL}). */
    public static String environmentVariable(String property) {
        return property.replaceAll("[^A-Za-z0-9*]", "_").toUpperCase();
    }

    /** The properties (and environment variables) a document does not mention, in either spelling. */
    public static Set<String> undocumented(Collection<String> names, Set<String> documented) {
        Set<String> missing = new TreeSet<>();
        for (String name : names) {
            if (!documented.contains(name) && !documented.contains(environmentVariable(name))) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static void collect(Class<?> group, String prefix, Set<String> names) {
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() > 0 || Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = prefix + "." + (withName != null ? withName.value() : kebab(method.getName()));
            Type type = unwrapOptional(method.getGenericReturnType());
            if (isMap(type)) {
                Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
                if (isGroup(value)) {
                    collect((Class<?>) value, name + ".*", names);
                } else {
                    names.add(name + ".*");
                }
            } else if (isGroup(type)) {
                collect((Class<?>) type, name, names);
            } else {
                names.add(name);
            }
        }
    }

    private static Type unwrapOptional(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Optional.class) {
            return parameterized.getActualTypeArguments()[0];
        }
        return type;
    }

    private static boolean isMap(Type type) {
        return type instanceof ParameterizedType parameterized
                && java.util.Map.class.isAssignableFrom((Class<?>) parameterized.getRawType());
    }

    private static boolean isGroup(Type type) {
        return type instanceof Class<?> cls && cls.isInterface() && !cls.getName().startsWith("java.")
                && cls != OptionalInt.class && cls != OptionalLong.class;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
