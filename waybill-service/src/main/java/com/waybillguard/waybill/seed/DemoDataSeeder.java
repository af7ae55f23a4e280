package com.waybillguard.waybill.seed;

import com.waybillguard.waybill.config.WaybillServiceConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

/**
 * Seeds deterministic demo waybills into an empty table at start-up when {@code wg.seed.demo}, and marks
 * {@code wg.seed.canaries} of the generated (not fixed) ones as canaries, picked with {@link SecureRandom}:
 * everything but the canary flag is the same at every seeding, and which waybills are canaries is never
 * printed or logged. Runs on the start-up thread (never the event loop) over JDBC, in batches. Logs the
 * number of waybills only.
 */
@ApplicationScoped
public class DemoDataSeeder {

    private static final Logger LOG = Logger.getLogger(DemoDataSeeder.class);
    private static final String INSERT = "INSERT INTO waybill (waybill_no, status, origin_outlet_id, "
            + "destination_outlet_id, weight_grams, item_category, pickup_courier_id, delivery_courier_id, "
            + "sender_name, sender_phone, sender_province, sender_city, sender_district, sender_detail, "
            + "receiver_name, receiver_phone, receiver_province, receiver_city, receiver_district, receiver_detail, "
            + "canary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final AgroalDataSource dataSource;
    private final WaybillServiceConfig config;

    DemoDataSeeder(AgroalDataSource dataSource, WaybillServiceConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws SQLException {
        if (config.seed().demo()) {
            seed();
        }
    }

    /** Inserts the demo waybills if the table is empty; returns how many were inserted. */
    public int seed() throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            if (count(connection) > 0) {
                LOG.info("demo seeding skipped: waybill table is not empty");
                return 0;
            }
            List<DemoWaybill> waybills = new DemoWaybillGenerator(config.seed().randomSeed())
                    .generate(config.seed().waybills());
            Set<String> canaries = DemoCanaries.pick(waybills, config.seed().canaries(), new SecureRandom());
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                int pending = 0;
                for (DemoWaybill w : waybills) {
                    bind(insert, w, canaries.contains(w.waybillNo()));
                    insert.addBatch();
                    if (++pending == config.seed().batchSize()) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            LOG.infof("seeded %d demo waybills in %d ms", waybills.size(), (System.nanoTime() - started) / 1_000_000);
            return waybills.size();
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM waybill");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void bind(PreparedStatement s, DemoWaybill w, boolean canary) throws SQLException {
        int i = 1;
        s.setString(i++, w.waybillNo());
        s.setString(i++, w.status().name());
        s.setString(i++, w.originOutletId());
        s.setString(i++, w.destinationOutletId());
        s.setInt(i++, w.weightGrams());
        s.setString(i++, w.itemCategory());
        s.setString(i++, w.pickupCourierId());
        s.setString(i++, w.deliveryCourierId());
        for (DemoWaybill.Party p : List.of(w.sender(), w.receiver())) {
            s.setString(i++, p.name());
            s.setString(i++, p.phone());
            s.setString(i++, p.province());
            s.setString(i++, p.city());
            s.setString(i++, p.district());
            s.setString(i++, p.detail());
        }
        s.setBoolean(i++, canary);
        s.setTimestamp(i++, Timestamp.from(w.createdAt()));
        s.setTimestamp(i, Timestamp.from(w.updatedAt()));
    }
}
