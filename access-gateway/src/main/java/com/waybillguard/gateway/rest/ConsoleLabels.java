package com.waybillguard.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The consoles' words, in Chinese (what clerks read) and English: {@code console/labels_<lang>.properties}, read at
 * start; both must have the same keys, or the gateway does not start. Placeholders are {@code {name}}.
 */
@ApplicationScoped
public class ConsoleLabels {

    /** The languages, the first the default. */
    static final String CHINESE = "zh";
    static final String ENGLISH = "en";

    /** The time zone the consoles show times in (their readers work in China). */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** A time as the consoles show it. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZONE);

    private final Map<String, Map<String, String>> byLanguage = Map.of(CHINESE, load(CHINESE), ENGLISH, load(ENGLISH));

    ConsoleLabels() {
        if (!byLanguage.get(CHINESE).keySet().equals(byLanguage.get(ENGLISH).keySet())) {
            throw new IllegalStateException("console/labels_zh.properties and labels_en.properties name different keys");
        }
    }

    /** {@code requested} if it is a language of the consoles, else Chinese. */
    static String language(String requested) {
        return ENGLISH.equals(requested) ? ENGLISH : CHINESE;
    }

    /** Every label of {@code language}, for a template. */
    Map<String, String> all(String language) {
        return byLanguage.get(language(language));
    }

    /** One label with its placeholders filled. */
    String format(String language, String key, Map<String, ?> values) {
        String text = all(language).getOrDefault(key, key);
        for (Map.Entry<String, ?> value : values.entrySet()) {
            text = text.replace("{" + value.getKey() + "}", String.valueOf(value.getValue()));
        }
        return text;
    }

    private static Map<String, String> load(String language) {
        String path = "/console/labels_" + language + ".properties";
        try (InputStream in = ConsoleLabels.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " missing from the build");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> labels = new TreeMap<>();
            properties.stringPropertyNames().forEach(name -> labels.put(name, properties.getProperty(name)));
            return Map.copyOf(labels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
