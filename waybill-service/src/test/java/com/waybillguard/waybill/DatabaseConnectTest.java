package com.waybillguard.waybill;

import com.waybillguard.testsupport.DatabaseConnectCheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migration {@code V4__database_connect.sql} closes the waybill database to every role but the service's own,
 * also where the database was made open to all (as CloudNativePG makes it, k8s/overlays/prod), run as the owner as
 * Flyway runs it.
 */
class DatabaseConnectTest {

    @Test
    void onlyTheApplicationRoleAndTheOwnerConnect() throws Exception {
        DatabaseConnectCheck.openToEveryRole("waybill");
        assertTrue(DatabaseConnectCheck.strangerConnects("waybill"), "before: open to every role");
        DatabaseConnectCheck.migrateAsOwner("waybill", "db/migration/V4__database_connect.sql");
        assertFalse(DatabaseConnectCheck.strangerConnects("waybill"), "after: a stranger is refused");
        assertTrue(DatabaseConnectCheck.applicationRoleConnects("waybill"), "after: the service still connects");
    }
}
