package com.waybillguard.audit;

import com.waybillguard.testsupport.DatabaseConnectCheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The migration {@code V7__database_connect.sql} closes the audit database to every role but the service's own,
 * also where the database was made open to all (as CloudNativePG makes it, k8s/overlays/prod), run as the owner as
 * Flyway runs it.
 */
class DatabaseConnectTest {

    @Test
    void onlyTheApplicationRoleAndTheOwnerConnect() throws Exception {
        DatabaseConnectCheck.openToEveryRole("audit");
        assertTrue(DatabaseConnectCheck.strangerConnects("audit"), "before: open to every role");
        DatabaseConnectCheck.migrateAsOwner("audit", "db/migration/V7__database_connect.sql");
        assertFalse(DatabaseConnectCheck.strangerConnects("audit"), "after: a stranger is refused");
        assertTrue(DatabaseConnectCheck.applicationRoleConnects("audit"), "after: the service still connects");
    }
}
