package com.waybillguard.waybill.service;

import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.OutletDirectory;
import com.waybillguard.waybill.domain.OutletDirectoryParser;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads and validates the outlet directory at start-up; an invalid file stops the service. */
@ApplicationScoped
public class OutletDirectoryProducer {

    private static final Logger LOG = Logger.getLogger(OutletDirectoryProducer.class);
    private static final String CLASSPATH = "classpath:";

    @Produces
    @Singleton
    @Startup
    OutletDirectory outletDirectory(WaybillServiceConfig config) {
        String location = config.outlets().file();
        OutletDirectory directory = new OutletDirectoryParser().parse(location, read(location));
        LOG.infof("outlet directory %s loaded from %s: %d outlets", directory.version(), location, directory.size());
        return directory;
    }

    static String read(String location) {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length());
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("outlet directory " + location + " not found");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(location), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("outlet directory " + location + " could not be read", e);
        }
    }
}
