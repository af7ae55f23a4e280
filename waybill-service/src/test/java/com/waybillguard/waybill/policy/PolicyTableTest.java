package com.waybillguard.waybill.policy;

import com.waybillguard.waybill.domain.Caller;
import com.waybillguard.waybill.domain.WaybillStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped policy file against the tables of the README ("Field policy: who sees what", also in
 * docs/api.md, "Field policy and masking"), written out here as independent data: every role (also
 * auditor, admin and unknown ones) x every purpose x every relation of the account to the parcel x every
 * status, checking the view (or the refusal) and the disposition of every one of the twelve party fields.
 */
class PolicyTableTest {

    private static final String DENY = "DENY";
    private static final String NOT_ALLOWED = "PURPOSE_NOT_ALLOWED";

    /** The views as the README's table describes them, one column per view. */
    private static final String VIEW_TABLE = """
            field                     | COUNTER_ACCEPT | COUNTER_INQUIRY | PICKUP | DELIVERY | CUSTOMER_SERVICE | TRACKING
            sender.name               | FULL           | MASKED          | MASKED | HIDDEN   | MASKED           | HIDDEN
            sender.phone              | MASKED         | MASKED          | MASKED | HIDDEN   | MASKED           | HIDDEN
            sender.address.province   | FULL           | FULL            | FULL   | FULL     | FULL             | FULL
            sender.address.city       | FULL           | FULL            | FULL   | FULL     | FULL             | FULL
            sender.address.district   | FULL           | FULL            | FULL   | HIDDEN   | HIDDEN           | HIDDEN
            sender.address.detail     | FULL           | HIDDEN          | FULL   | HIDDEN   | HIDDEN           | HIDDEN
            receiver.name             | MASKED         | MASKED          | HIDDEN | MASKED   | MASKED           | HIDDEN
            receiver.phone            | MASKED         | MASKED          | HIDDEN | MASKED   | MASKED           | HIDDEN
            receiver.address.province | FULL           | FULL            | FULL   | FULL     | FULL             | FULL
            receiver.address.city     | FULL           | FULL            | FULL   | FULL     | FULL             | FULL
            receiver.address.district | FULL           | FULL            | HIDDEN | FULL     | HIDDEN           | HIDDEN
            receiver.address.detail   | FULL           | HIDDEN          | HIDDEN | FULL     | HIDDEN           | HIDDEN
            """;

    /** How the account relates to the parcel; the flags are what the scenario means, not computed. */
    enum Scenario {
        AT_ORIGIN("HD-YN", null, "HD-YN", "HD-JZ", "C-1001", "C-1002", true, false, false, false),
        AT_DESTINATION("HD-JZ", null, "HD-YN", "HD-JZ", "C-1001", "C-1002", false, true, false, false),
        ORIGIN_IS_DESTINATION("HD-YN", null, "HD-YN", "HD-YN", null, null, true, true, false, false),
        OTHER_OUTLET("HD-WA", null, "HD-YN", "HD-JZ", "C-1001", "C-1002", false, false, false, false),
        NO_OUTLET(null, null, "HD-YN", "HD-JZ", "C-1001", "C-1002", false, false, false, false),
        PICKUP_COURIER("HD-WA", "C-1001", "HD-YN", "HD-JZ", "C-1001", "C-1002", false, false, true, false),
        DELIVERY_COURIER("HD-WA", "C-1002", "HD-YN", "HD-JZ", "C-1001", "C-1002", false, false, false, true),
        PICKUP_AND_DELIVERY_COURIER("HD-WA", "C-1001", "HD-YN", "HD-JZ", "C-1001", "C-1001", false, false, true, true),
        OTHER_COURIER("HD-WA", "C-7777", "HD-YN", "HD-JZ", "C-1001", "C-1002", false, false, false, false),
        COURIER_AT_ORIGIN_NOT_ASSIGNED("HD-YN", "C-7777", "HD-YN", "HD-JZ", "C-1001", "C-1002", true, false, false, false),
        COURIER_AT_ORIGIN_ASSIGNED("HD-YN", "C-1001", "HD-YN", "HD-JZ", "C-1001", "C-1002", true, false, true, false),
        NOTHING_ASSIGNED_NO_COURIER(null, null, "HD-YN", "HD-JZ", null, null, false, false, false, false),
        NOTHING_ASSIGNED_SOME_COURIER("HD-WA", "C-1001", "HD-YN", "HD-JZ", null, null, false, false, false, false);

        final String callerOutlet;
        final String callerCourier;
        final String origin;
        final String destination;
        final String pickup;
        final String delivery;
        final boolean atOrigin;
        final boolean atDestination;
        final boolean isPickupCourier;
        final boolean isDeliveryCourier;

        Scenario(String callerOutlet, String callerCourier, String origin, String destination, String pickup,
                 String delivery, boolean atOrigin, boolean atDestination, boolean isPickupCourier,
                 boolean isDeliveryCourier) {
            this.callerOutlet = callerOutlet;
            this.callerCourier = callerCourier;
            this.origin = origin;
            this.destination = destination;
            this.pickup = pickup;
            this.delivery = delivery;
            this.atOrigin = atOrigin;
            this.atDestination = atDestination;
            this.isPickupCourier = isPickupCourier;
            this.isDeliveryCourier = isDeliveryCourier;
        }
    }

    /** One scenario at one status. */
    record Case(Scenario scenario, WaybillStatus status) {
    }

    /** A row of the README's rule table: when the rich view applies, and what happens otherwise. */
    record Row(String role, Purpose purpose, Predicate<Case> rich, String richView, String otherwise) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("clerk", Purpose.COUNTER_ACCEPT,
                    c -> c.scenario().atOrigin && c.status() == WaybillStatus.CREATED, "COUNTER_ACCEPT", "TRACKING"),
            new Row("clerk", Purpose.COUNTER_INQUIRY,
                    c -> c.scenario().atOrigin || c.scenario().atDestination, "COUNTER_INQUIRY", "TRACKING"),
            new Row("courier", Purpose.PICKUP,
                    c -> c.scenario().isPickupCourier && c.status() == WaybillStatus.CREATED, "PICKUP", DENY),
            new Row("courier", Purpose.DELIVERY,
                    c -> c.scenario().isDeliveryCourier && c.status() == WaybillStatus.OUT_FOR_DELIVERY,
                    "DELIVERY", DENY),
            new Row("cs_agent", Purpose.CUSTOMER_SERVICE, c -> true, "CUSTOMER_SERVICE", DENY));

    private static final List<String> ROLES = List.of("clerk", "courier", "cs_agent", "auditor", "admin", "janitor",
            "CLERK", "");

    private static Map<String, Map<String, Disposition>> expectedViews;
    private static FieldPolicy policy;

    @BeforeAll
    static void load() throws IOException {
        expectedViews = parseViewTable();
        try (InputStream in = PolicyTableTest.class.getClassLoader()
                .getResourceAsStream("policy/field-policy-v1.json")) {
            policy = new FieldPolicyParser().parse("field-policy-v1.json",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Map<String, Map<String, Disposition>> parseViewTable() {
        List<String[]> lines = VIEW_TABLE.lines().map(l -> l.split("\\|")).toList();
        String[] header = lines.get(0);
        Map<String, Map<String, Disposition>> views = new LinkedHashMap<>();
        for (int col = 1; col < header.length; col++) {
            Map<String, Disposition> fields = new LinkedHashMap<>();
            for (String[] line : lines.subList(1, lines.size())) {
                fields.put(line[0].strip(), Disposition.valueOf(line[col].strip()));
            }
            views.put(header[col].strip(), fields);
        }
        return views;
    }

    static Stream<Arguments> roleAndPurpose() {
        return ROLES.stream().flatMap(role -> Arrays.stream(Purpose.values()).map(p -> Arguments.of(role, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("roleAndPurpose")
    void everyScenarioAndStatusGetsTheTablesView(String role, Purpose purpose) {
        Row row = ROWS.stream().filter(r -> r.role().equals(role) && r.purpose() == purpose).findFirst().orElse(null);
        List<String> failures = new ArrayList<>();
        int rich = 0;
        int otherwise = 0;
        for (Scenario scenario : Scenario.values()) {
            for (WaybillStatus status : WaybillStatus.values()) {
                Case c = new Case(scenario, status);
                String expected;
                if (row == null) {
                    expected = NOT_ALLOWED;
                } else if (row.rich().test(c)) {
                    expected = row.richView();
                    rich++;
                } else {
                    expected = row.otherwise();
                    otherwise++;
                }
                check(role, purpose, c, expected, failures);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        if (row != null) {
            assertTrue(rich > 0, "the rich branch of " + role + " " + purpose + " is exercised");
            assertTrue(otherwise > 0 || row.otherwise().equals(DENY) && purpose == Purpose.CUSTOMER_SERVICE,
                    "the otherwise branch of " + role + " " + purpose + " is exercised");
        }
    }

    private static void check(String role, Purpose purpose, Case c, String expected, List<String> failures) {
        Scenario s = c.scenario();
        Caller caller = new Caller("sub-1", "user", role, s.callerOutlet, s.callerCourier);
        WaybillFacts facts = new WaybillFacts(c.status(), s.origin, s.destination, s.pickup, s.delivery);
        Decision decision = policy.decide(caller, purpose, facts);
        String where = role + " " + purpose + " " + s + " " + c.status() + ": ";
        if (expected.equals(NOT_ALLOWED) || expected.equals(DENY)) {
            Decision.DenyReason reason = expected.equals(NOT_ALLOWED)
                    ? Decision.DenyReason.PURPOSE_NOT_ALLOWED : Decision.DenyReason.OUT_OF_SCOPE;
            if (!(decision instanceof Decision.Deny deny) || deny.reason() != reason) {
                failures.add(where + "expected 403 " + reason + ", got " + decision);
            }
            return;
        }
        if (!(decision instanceof Decision.Allow allow)) {
            failures.add(where + "expected view " + expected + ", got " + decision);
            return;
        }
        if (!allow.view().id().equals(expected)) {
            failures.add(where + "expected view " + expected + ", got " + allow.view().id());
        }
        Map<String, String> disclosure = allow.view().disclosure();
        expectedViews.get(expected).forEach((field, disposition) -> {
            if (!disposition.name().equals(disclosure.get(field))) {
                failures.add(where + field + " expected " + disposition + ", got " + disclosure.get(field));
            }
        });
        if (!disclosure.keySet().equals(expectedViews.get(expected).keySet())) {
            failures.add(where + "disclosure lists " + disclosure.keySet());
        }
    }

    @Test
    void missingRoleOrPurposeIsRefused() {
        WaybillFacts facts = new WaybillFacts(WaybillStatus.CREATED, "HD-YN", "HD-JZ", "C-1001", "C-1002");
        assertEquals(new Decision.Deny(Decision.DenyReason.PURPOSE_NOT_ALLOWED),
                policy.decide(new Caller("s", "u", null, "HD-YN", null), Purpose.COUNTER_ACCEPT, facts));
        assertEquals(new Decision.Deny(Decision.DenyReason.PURPOSE_NOT_ALLOWED),
                policy.decide(new Caller("s", "u", "clerk", "HD-YN", null), null, facts));
    }

    @Test
    void everyViewOfTheTableIsInTheFileAsWritten() {
        assertEquals(12, expectedViews.values().iterator().next().size());
        expectedViews.forEach((id, fields) -> {
            View view = policy.view(id).orElseThrow(() -> new AssertionError("view " + id + " missing"));
            fields.forEach((field, disposition) ->
                    assertEquals(disposition, view.of(PartyField.byPath(field).orElseThrow()), id + " " + field));
            assertEquals(PartyField.values().length, view.disclosure().size(), id);
        });
    }

    @Test
    void onlyTheTrackingViewCanBeAnsweredWithoutPersonalData() {
        expectedViews.keySet().forEach(id -> assertEquals(!id.equals("TRACKING"),
                policy.view(id).orElseThrow().needsPersonalData(), id));
    }

    @Test
    void noViewShowsAFullPhoneOrAMaskedAddress() {
        expectedViews.keySet().forEach(id -> {
            View view = policy.view(id).orElseThrow();
            for (PartyField field : PartyField.values()) {
                Disposition d = view.of(field);
                switch (field.kind()) {
                    case PHONE -> assertTrue(d != Disposition.FULL, id + " " + field.path());
                    case REGION, DETAIL -> assertTrue(d != Disposition.MASKED, id + " " + field.path());
                    default -> { }
                }
            }
        });
    }
}
