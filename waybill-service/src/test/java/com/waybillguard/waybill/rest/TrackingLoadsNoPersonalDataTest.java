package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.domain.WaybillSummary;
import com.waybillguard.waybill.support.GrantBuilder;
import com.waybillguard.waybill.support.TestWaybills;
import com.waybillguard.waybill.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TRACKING answer never loads personal data: the SQL statements a read sends are captured from
 * Hibernate's statement logger and inspected for the personal columns.
 */
@QuarkusTest
class TrackingLoadsNoPersonalDataTest {

    private static final String DEVICE = "device-0002";
    private static final List<String> PERSONAL_COLUMNS = List.of("sender_name", "sender_phone", "sender_district",
            "sender_detail", "receiver_name", "receiver_phone", "receiver_district", "receiver_detail");
    private static final Logger SQL = Logger.getLogger("org.hibernate.SQL");

    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            statements.add(String.valueOf(record.getMessage()).toLowerCase(Locale.ROOT));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previous;

    @BeforeEach
    void captureSql() {
        previous = SQL.getLevel();
        SQL.setLevel(Level.FINE);
        SQL.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        SQL.removeHandler(capture);
        SQL.setLevel(previous);
    }

    private List<String> read(String waybillNo, String outlet, String sub, String expectedView) {
        String grant = GrantBuilder.grant(sub, "clerk", waybillNo, "COUNTER_INQUIRY", DEVICE).outlet(outlet).sign();
        statements.clear();
        given().auth().oauth2(Tokens.access(sub, sub, "clerk", outlet, null))
                .header("X-Device-Id", DEVICE).header("X-Access-Grant", grant)
                .when().get("/api/v1/waybills/" + waybillNo)
                .then().statusCode(200).body("view", equalTo(expectedView));
        return statements.stream().filter(s -> s.contains("waybill")).toList();
    }

    @Test
    void trackingReadSelectsNoPersonalColumnWhileARichReadDoes() {
        String no = TestWaybills.create("IN_TRANSIT", "HD-YN", "HD-JZ", "C-1001", "C-1002");

        List<String> tracking = read(no, "HD-WA", "sub-clerk-wuan", "TRACKING");
        assertFalse(tracking.isEmpty(), "the statements of the read were captured");
        for (String statement : tracking) {
            PERSONAL_COLUMNS.forEach(column ->
                    assertFalse(statement.contains(column), "TRACKING read selected " + column + ": " + statement));
        }

        List<String> rich = read(no, "HD-JZ", "sub-clerk-jize-2", "COUNTER_INQUIRY");
        assertTrue(rich.stream().anyMatch(s -> s.contains("sender_name") && s.contains("receiver_phone")),
                "a rich read loads the personal columns: " + rich);
    }

    @Test
    void theDecisionProjectionHasNoPersonalField() {
        List<String> components = Arrays.stream(WaybillSummary.class.getRecordComponents())
                .map(RecordComponent::getName).map(n -> n.toLowerCase(Locale.ROOT)).toList();
        for (String personal : List.of("name", "phone", "district", "detail")) {
            assertTrue(components.stream().noneMatch(c -> c.contains(personal)), personal + " in " + components);
        }
    }
}
