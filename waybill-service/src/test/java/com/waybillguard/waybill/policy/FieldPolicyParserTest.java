package com.waybillguard.waybill.policy;

import com.waybillguard.waybill.domain.Caller;
import com.waybillguard.waybill.domain.WaybillStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldPolicyParserTest {

    private static final String SOURCE = "policy/field-policy-v1.json";

    private static String shipped() throws IOException {
        try (InputStream in = FieldPolicyParserTest.class.getClassLoader().getResourceAsStream(SOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static FieldPolicy policy() throws IOException {
        return new FieldPolicyParser().parse(SOURCE, shipped());
    }

    private static WaybillFacts facts(WaybillStatus status) {
        return new WaybillFacts(status, "HD-YN", "HD-JZ", "C-1001", "C-1002");
    }

    private static String decide(FieldPolicy policy, String role, String outlet, String courier, Purpose purpose,
                                 WaybillStatus status) {
        Decision d = policy.decide(new Caller("s", "u", role, outlet, courier), purpose, facts(status));
        return d instanceof Decision.Allow a ? a.view().id() : ((Decision.Deny) d).reason().name();
    }

    /** Samples of the table; PolicyTableTest checks every role, purpose, relation and status. */
    @Test
    void shippedPolicyDecidesSampleCasesOfTheTable() throws IOException {
        FieldPolicy p = policy();
        assertEquals("COUNTER_ACCEPT", decide(p, "clerk", "HD-YN", null, Purpose.COUNTER_ACCEPT, WaybillStatus.CREATED));
        assertEquals("TRACKING", decide(p, "clerk", "HD-YN", null, Purpose.COUNTER_ACCEPT, WaybillStatus.PICKED_UP));
        assertEquals("TRACKING", decide(p, "clerk", "HD-JZ", null, Purpose.COUNTER_ACCEPT, WaybillStatus.CREATED));
        assertEquals("COUNTER_INQUIRY", decide(p, "clerk", "HD-YN", null, Purpose.COUNTER_INQUIRY, WaybillStatus.DELIVERED));
        assertEquals("COUNTER_INQUIRY", decide(p, "clerk", "HD-JZ", null, Purpose.COUNTER_INQUIRY, WaybillStatus.IN_TRANSIT));
        assertEquals("TRACKING", decide(p, "clerk", "HD-WA", null, Purpose.COUNTER_INQUIRY, WaybillStatus.IN_TRANSIT));
        assertEquals("TRACKING", decide(p, "clerk", null, null, Purpose.COUNTER_INQUIRY, WaybillStatus.IN_TRANSIT));
        assertEquals("PICKUP", decide(p, "courier", "HD-YN", "C-1001", Purpose.PICKUP, WaybillStatus.CREATED));
        assertEquals("OUT_OF_SCOPE", decide(p, "courier", "HD-YN", "C-1001", Purpose.PICKUP, WaybillStatus.PICKED_UP));
        assertEquals("OUT_OF_SCOPE", decide(p, "courier", "HD-JZ", "C-1002", Purpose.PICKUP, WaybillStatus.CREATED));
        assertEquals("DELIVERY", decide(p, "courier", "HD-JZ", "C-1002", Purpose.DELIVERY, WaybillStatus.OUT_FOR_DELIVERY));
        assertEquals("OUT_OF_SCOPE", decide(p, "courier", "HD-JZ", "C-1002", Purpose.DELIVERY, WaybillStatus.IN_TRANSIT));
        assertEquals("OUT_OF_SCOPE", decide(p, "courier", "HD-YN", "C-1001", Purpose.DELIVERY, WaybillStatus.OUT_FOR_DELIVERY));
        assertEquals("CUSTOMER_SERVICE", decide(p, "cs_agent", null, null, Purpose.CUSTOMER_SERVICE, WaybillStatus.CREATED));
        assertEquals("PURPOSE_NOT_ALLOWED", decide(p, "clerk", "HD-YN", null, Purpose.PICKUP, WaybillStatus.CREATED));
        assertEquals("PURPOSE_NOT_ALLOWED", decide(p, "cs_agent", null, null, Purpose.COUNTER_INQUIRY, WaybillStatus.CREATED));
        assertEquals("PURPOSE_NOT_ALLOWED", decide(p, "auditor", null, null, Purpose.CUSTOMER_SERVICE, WaybillStatus.CREATED));
        assertEquals("PURPOSE_NOT_ALLOWED", decide(p, "admin", null, null, Purpose.CUSTOMER_SERVICE, WaybillStatus.CREATED));
    }

    @Test
    void trackingViewDisclosesOnlyProvinceAndCity() throws IOException {
        View tracking = policy().view("TRACKING").orElseThrow();
        assertEquals(false, tracking.needsPersonalData());
        for (PartyField f : PartyField.values()) {
            assertEquals(f.inTrackingProjection() ? Disposition.FULL : Disposition.HIDDEN, tracking.of(f), f.path());
            assertEquals(f.path().endsWith(".province") || f.path().endsWith(".city"), f.inTrackingProjection(), f.path());
        }
    }

    private static String rejectionOf(String json) {
        PolicyValidationException e = assertThrows(PolicyValidationException.class,
                () -> new FieldPolicyParser().parse("bad.json", json));
        return e.getMessage();
    }

    @Test
    void unknownFieldIsNamed() throws IOException {
        String msg = rejectionOf(shipped().replaceFirst("\"sender.name\"", "\"sender.email\""));
        assertTrue(msg.contains("bad.json") && msg.contains("views.COUNTER_ACCEPT.sender.email")
                && msg.contains("unknown field"), msg);
    }

    @Test
    void unknownDispositionIsNamed() throws IOException {
        String msg = rejectionOf(shipped().replaceFirst("\"sender.name\": \"FULL\"", "\"sender.name\": \"PARTIAL\""));
        assertTrue(msg.contains("views.COUNTER_ACCEPT.sender.name") && msg.contains("PARTIAL"), msg);
    }

    @Test
    void unknownRoleAndPurposeAreNamed() throws IOException {
        String role = rejectionOf(shipped().replaceFirst("\"role\": \"clerk\"", "\"role\": \"janitor\""));
        assertTrue(role.contains("rules[0].role") && role.contains("janitor"), role);
        String auditor = rejectionOf(shipped().replaceFirst("\"role\": \"cs_agent\"", "\"role\": \"auditor\""));
        assertTrue(auditor.contains("rules[4].role") && auditor.contains("auditor"), auditor);
        String purpose = rejectionOf(shipped().replaceFirst("\"purpose\": \"PICKUP\"", "\"purpose\": \"BROWSE\""));
        assertTrue(purpose.contains("rules[2].purpose") && purpose.contains("BROWSE"), purpose);
    }

    @Test
    void fullPhoneAndMaskedDetailAreRejected() throws IOException {
        String phone = rejectionOf(shipped().replaceFirst("\"sender.phone\": \"MASKED\"", "\"sender.phone\": \"FULL\""));
        assertTrue(phone.contains("views.COUNTER_ACCEPT.sender.phone") && phone.contains("FULL"), phone);
        String detail = rejectionOf(shipped().replaceFirst("\"sender.address.detail\": \"FULL\"",
                "\"sender.address.detail\": \"MASKED\""));
        assertTrue(detail.contains("sender.address.detail") && detail.contains("MASKED"), detail);
    }

    @Test
    void missingFieldUnknownViewAndDuplicateRuleAreNamed() throws IOException {
        String missing = rejectionOf(shipped().replaceFirst("\"sender.name\": \"FULL\",", ""));
        assertTrue(missing.contains("views.COUNTER_ACCEPT") && missing.contains("missing field 'sender.name'"), missing);
        String view = rejectionOf(shipped().replaceFirst("\"otherwise\": \"TRACKING\"", "\"otherwise\": \"SNOOP\""));
        assertTrue(view.contains("rules[0].otherwise") && view.contains("SNOOP"), view);
        String duplicate = rejectionOf(shipped().replaceFirst("\"purpose\": \"COUNTER_INQUIRY\"", "\"purpose\": \"COUNTER_ACCEPT\""));
        assertTrue(duplicate.contains("rules[1]") && duplicate.contains("COUNTER_ACCEPT"), duplicate);
        String status = rejectionOf(shipped().replaceFirst("\"statusIn\": \\[\\s*\"CREATED\"", "\"statusIn\": [\"LOST\""));
        assertTrue(status.contains("rules[0].when.statusIn[0]") && status.contains("LOST"), status);
    }

    @Test
    void policyFileOverrideIsReadFromTheFileSystem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path file = dir.resolve("field-policy-v2.json");
        java.nio.file.Files.writeString(file, shipped().replace("field-policy-v1", "field-policy-v2"));
        FieldPolicy p = new FieldPolicyParser().parse(file.toString(), FieldPolicyProducer.read(file.toString()));
        assertEquals("field-policy-v2", p.version());
        PolicyValidationException missing = assertThrows(PolicyValidationException.class,
                () -> FieldPolicyProducer.read(dir.resolve("absent.json").toString()));
        assertTrue(missing.getMessage().contains("absent.json"), missing.getMessage());
    }
}
