package com.waybillguard.waybill.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the service's data files (field policy, outlets): {@code classpath:<resource>} or a file path. */
public final class DataFiles {

    private static final String CLASSPATH = "classpath:";

    private DataFiles() {
    }

    /**
     * The file's text (UTF-8).
     *
     * @throws IllegalStateException naming the location when the file is missing or unreadable
     */
    public static String read(String location) {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length());
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException(location + " not found");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(location), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(location + " could not be read", e);
        }
    }
}
