package com.waybillguard.testsupport;

import com.waybillguard.stack.PostgresServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Whether a service's migration closes its database to every role but its own: on a database that lets every role
 * connect (PostgreSQL's default for a new database, which an operator such as CloudNativePG keeps), the migration,
 * run as the owner, leaves a stranger refused and the application role admitted.
 */
public final class DatabaseConnectCheck {

    private static final String STRANGER = "wg_stranger";
    private static final String STRANGER_PASSWORD = "stranger-password";

    private DatabaseConnectCheck() {
    }

    /** Opens {@code database} to every role, as a fresh one is, and checks that a stranger can connect. */
    public static void openToEveryRole(String database) throws SQLException {
        try (Connection c = TestInfrastructure.superuser(database); Statement sql = c.createStatement()) {
            sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + STRANGER + "') THEN "
                    + "CREATE ROLE " + STRANGER + " LOGIN PASSWORD '" + STRANGER_PASSWORD + "'; END IF; END $$");
            sql.execute("GRANT CONNECT ON DATABASE " + database + " TO PUBLIC");
        }
        TestInfrastructure.connect(database, STRANGER, STRANGER_PASSWORD).close();
    }

    /** Runs the migration in {@code resource} as the owner, with Flyway's placeholders as the service sets them. */
    public static void migrateAsOwner(String database, String resource) throws SQLException, IOException {
        PostgresServer.ServiceRoles roles = TestInfrastructure.roles(database);
        String migration;
        try (InputStream in = DatabaseConnectCheck.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no migration " + resource);
            }
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${flyway:database}", database).replace("${app_role}", roles.app());
        }
        try (Connection c = TestInfrastructure.connect(database, roles.owner(), roles.ownerPassword());
             Statement sql = c.createStatement()) {
            sql.execute(migration);
        }
    }

    /** Whether a role of the server that is neither the owner nor the application role can connect. */
    public static boolean strangerConnects(String database) {
        try (Connection ignored = TestInfrastructure.connect(database, STRANGER, STRANGER_PASSWORD)) {
            return true;
        } catch (SQLException refused) {
            return false;
        }
    }

    /** Whether the application role can connect. */
    public static boolean applicationRoleConnects(String database) {
        PostgresServer.ServiceRoles roles = TestInfrastructure.roles(database);
        try (Connection ignored = TestInfrastructure.connect(database, roles.app(), roles.appPassword())) {
            return true;
        } catch (SQLException refused) {
            return false;
        }
    }
}
