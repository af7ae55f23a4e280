package com.waybillguard.waybill.policy;

import com.waybillguard.waybill.config.WaybillServiceConfig;
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

/** Loads and validates the field policy at start-up; an invalid policy stops the service. */
@ApplicationScoped
public class FieldPolicyProducer {

    private static final Logger LOG = Logger.getLogger(FieldPolicyProducer.class);
    private static final String CLASSPATH = "classpath:";

    @Produces
    @Singleton
    @Startup
    FieldPolicy fieldPolicy(WaybillServiceConfig config) {
        String location = config.policy().file();
        FieldPolicy policy = new FieldPolicyParser().parse(location, read(location));
        LOG.infof("field policy %s loaded from %s", policy.version(), location);
        return policy;
    }

    static String read(String location) {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length());
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new PolicyValidationException("field policy " + location + " not found");
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(location), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyValidationException("field policy " + location + " could not be read", e);
        }
    }
}
