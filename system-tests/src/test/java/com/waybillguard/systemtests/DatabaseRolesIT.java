package com.waybillguard.systemtests;

import com.waybillguard.stack.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The stack's PostgreSQL as an insider holding one service's database credentials (the application role's
 * password from its configuration) would use it with {@code psql}: the other service's database is closed, and in
 * its own database every statement that would rewrite history or the schema is refused. The audit chain verifies
 * afterwards.
 */
@ExtendWith(RunningStack.class)
class DatabaseRolesIT {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"waybill, audit", "audit, waybill"})
    void aServicesRoleCannotEvenConnectToTheOtherDatabase(String own, String other) {
        PostgresServer.ServiceRoles roles = roles(own);
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url(other), roles.app(), roles.appPassword()).close());
        assertEquals("42501", refused.getSQLState(), refused.getMessage());
    }

    @Test
    void aWrongPasswordIsRefused() {
        PostgresServer.ServiceRoles roles = roles("audit");
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url("audit"), roles.app(), "guessed-password").close());
        assertEquals("28P01", refused.getSQLState(), refused.getMessage());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "audit | UPDATE audit_event SET actor_username = 'someone.else'",
            "audit | DELETE FROM audit_event",
            "audit | TRUNCATE audit_event",
            "audit | DELETE FROM audit_checkpoint",
            "audit | UPDATE audit_checkpoint SET signature = 'forged'",
            "audit | ALTER TABLE audit_event DISABLE TRIGGER ALL",
            "audit | DROP TABLE audit_retention_gap",
            "audit | SELECT audit_drop_partition(current_date)",
            "waybill | DELETE FROM waybill",
            "waybill | TRUNCATE waybill",
            "waybill | DROP TABLE waybill",
            "waybill | UPDATE audit_outbox SET event = '{}'",
            "waybill | CREATE TABLE waybill_copy AS SELECT * FROM waybill",
            "waybill | ALTER ROLE waybill_app SUPERUSER",
    })
    void aServicesRoleCannotRewriteHistoryOrTheSchema(String database, String statement) throws SQLException {
        PostgresServer.ServiceRoles roles = roles(database);
        try (Connection c = DriverManager.getConnection(url(database), roles.app(), roles.appPassword());
             Statement s = c.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> s.execute(statement), statement);
            assertEquals("42501", refused.getSQLState(), statement + ": " + refused.getMessage());
        }
        given().auth().oauth2(RunningStack.token("auditor.zhou"))
                .get("/api/v1/audit/verify")
                .then().statusCode(200).body("valid", equalTo(true));
    }

    private static PostgresServer.ServiceRoles roles(String database) {
        return RunningStack.stack().databaseRoles(database)
                .orElseThrow(() -> new IllegalStateException("the stack did not start PostgreSQL itself"));
    }

    private static String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + RunningStack.config().pgPort() + "/" + database;
    }
}
