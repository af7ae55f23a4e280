package com.waybillguard.waybill.policy;

import com.waybillguard.waybill.config.DataFiles;
import com.waybillguard.waybill.config.WaybillServiceConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Loads and validates the field policy at start-up; an invalid policy stops the service. */
@ApplicationScoped
public class FieldPolicyProducer {

    private static final Logger LOG = Logger.getLogger(FieldPolicyProducer.class);

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
            return DataFiles.read(location);
        } catch (IllegalStateException e) {
            throw new PolicyValidationException("field policy " + e.getMessage());
        }
    }
}
