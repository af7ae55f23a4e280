package com.waybillguard.waybill.service;

import com.waybillguard.waybill.config.DataFiles;
import com.waybillguard.waybill.config.WaybillServiceConfig;
import com.waybillguard.waybill.domain.OutletDirectory;
import com.waybillguard.waybill.domain.OutletDirectoryParser;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Loads and validates the outlet directory at start-up; an invalid file stops the service. */
@ApplicationScoped
public class OutletDirectoryProducer {

    private static final Logger LOG = Logger.getLogger(OutletDirectoryProducer.class);

    @Produces
    @Singleton
    @Startup
    OutletDirectory outletDirectory(WaybillServiceConfig config) {
        String location = config.outlets().file();
        OutletDirectory directory = new OutletDirectoryParser().parse(location, DataFiles.read(location));
        LOG.infof("outlet directory %s loaded from %s: %d outlets", directory.version(), location, directory.size());
        return directory;
    }
}
