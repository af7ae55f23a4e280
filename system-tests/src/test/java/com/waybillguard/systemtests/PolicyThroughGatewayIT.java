package com.waybillguard.systemtests;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static com.waybillguard.systemtests.ReadPathIT.grant;
import static com.waybillguard.systemtests.ReadPathIT.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The field policy (docs/api.md, "Field policy and masking"), tried through the public gateway with the demo accounts
 * against the fixed seeded waybills (waybill-service/README.md), as a new user would.
 */
@ExtendWith(RunningStack.class)
class PolicyThroughGatewayIT {

    private static final List<String> FIELDS = List.of(
            "sender.name", "sender.phone", "sender.address.province", "sender.address.city",
            "sender.address.district", "sender.address.detail",
            "receiver.name", "receiver.phone", "receiver.address.province", "receiver.address.city",
            "receiver.address.district", "receiver.address.detail");

    /**
     * account, purpose, waybill, expected view; each row's fields are checked against the view's
     * dispositions below, written out here independently of the service's policy file.
     */
    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource({
            // clerk at the origin outlet, parcel CREATED: the acceptance view
            "clerk.yongnian, COUNTER_ACCEPT,   YT0000000002, COUNTER_ACCEPT",
            // clerk of another outlet: tracking only
            "clerk.jize,     COUNTER_ACCEPT,   YT0000000002, TRACKING",
            // clerk at the destination outlet
            "clerk.jize,     COUNTER_INQUIRY,  YT0000000001, COUNTER_INQUIRY",
            // clerk at the origin outlet
            "clerk.yongnian, COUNTER_INQUIRY,  YT0000000001, COUNTER_INQUIRY",
            // clerk without relation to the parcel
            "clerk.yongnian, COUNTER_INQUIRY,  YT0000000004, TRACKING",
            // the assigned pickup courier, parcel CREATED
            "courier.wu,     PICKUP,           YT0000000002, PICKUP",
            // the assigned delivery courier, parcel OUT_FOR_DELIVERY
            "courier.zhao,   DELIVERY,         YT0000000003, DELIVERY",
            "cs.li,          CUSTOMER_SERVICE, YT0000000010, CUSTOMER_SERVICE",
            "cs.li,          CUSTOMER_SERVICE, YT0000000001, CUSTOMER_SERVICE",
    })
    void theViewAndEveryFieldFollowThePolicy(String account, String purpose, String waybillNo, String view) {
        String device = "device-" + account.replace('.', '-');
        String token = RunningStack.token(account);
        String grant = grant(token, device, waybillNo, purpose).then().statusCode(201).extract().path("grant");
        Response response = read(token, grant, device, waybillNo);
        assertEquals(200, response.statusCode(), response.asString());
        JsonPath json = response.jsonPath();

        assertEquals(view, json.getString("view"));
        assertEquals(purpose, json.getString("purpose"));
        Map<String, String> expected = dispositions(view);
        Map<String, String> disclosure = json.getMap("disclosure");
        assertEquals(expected, disclosure, "disclosure of " + view);
        for (String field : FIELDS) {
            Object value = json.get(field);
            switch (expected.get(field)) {
                case "HIDDEN" -> assertFalse(hasKey(json, field), field + " must be absent");
                case "FULL" -> {
                    assertTrue(value instanceof String s && !s.isBlank(), field + " must be present");
                    assertFalse(((String) value).contains("*"), field + " must not be masked");
                }
                case "MASKED" -> assertTrue(value instanceof String s && s.matches(field.endsWith("phone")
                        ? "^\\*+[0-9]{4}$" : "^\\S\\*+$"), field + " must be masked, was " + value);
                default -> throw new AssertionError("unknown disposition");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} -> 403 at the read")
    @CsvSource({
            // pickup courier, but the parcel is no longer CREATED
            "courier.wu,   PICKUP,   YT0000000007",
            // delivery courier, but the parcel is not out for delivery yet
            "courier.zhao, DELIVERY, YT0000000001",
            // out for delivery, but assigned to another courier
            "courier.wu,   DELIVERY, YT0000000003",
            // created, but the pickup is another courier's
            "courier.zhao, PICKUP,   YT0000000002",
    })
    void courierPurposesOutOfScopeAreRefusedNotDowngraded(String account, String purpose, String waybillNo) {
        String device = "device-" + account.replace('.', '-');
        String token = RunningStack.token(account);
        String grant = grant(token, device, waybillNo, purpose).then().statusCode(201).extract().path("grant");
        read(token, grant, device, waybillNo).then().statusCode(403)
                .contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0} may not ask for {1}")
    @CsvSource({
            "clerk.jize,   DELIVERY",
            "clerk.jize,   CUSTOMER_SERVICE",
            "courier.wu,   COUNTER_INQUIRY",
            "cs.li,        PICKUP",
            "auditor.zhou, COUNTER_INQUIRY",
            "auditor.zhou, CUSTOMER_SERVICE",
            "admin,        COUNTER_ACCEPT",
    })
    void purposesOutsideTheRoleGetNoGrant(String account, String purpose) {
        grant(RunningStack.token(account), "device-x-0001", "YT0000000001", purpose)
                .then().statusCode(403).contentType("application/problem+json");
    }

    private static boolean hasKey(JsonPath json, String path) {
        int dot = path.lastIndexOf('.');
        Map<String, Object> parent = json.getMap(path.substring(0, dot));
        return parent != null && parent.containsKey(path.substring(dot + 1));
    }

    /** The field policy of docs/api.md, field by field. */
    private static Map<String, String> dispositions(String view) {
        String f = "FULL";
        String m = "MASKED";
        String h = "HIDDEN";
        List<String> values = switch (view) {
            case "COUNTER_ACCEPT" -> List.of(f, m, f, f, f, f, m, m, f, f, f, f);
            case "COUNTER_INQUIRY" -> List.of(m, m, f, f, f, h, m, m, f, f, f, h);
            case "PICKUP" -> List.of(m, m, f, f, f, f, h, h, f, f, h, h);
            case "DELIVERY" -> List.of(h, h, f, f, h, h, m, m, f, f, f, f);
            case "CUSTOMER_SERVICE" -> List.of(m, m, f, f, h, h, m, m, f, f, h, h);
            case "TRACKING" -> List.of(h, h, f, f, h, h, h, h, f, f, h, h);
            default -> throw new IllegalArgumentException(view);
        };
        Map<String, String> result = new java.util.LinkedHashMap<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            result.put(FIELDS.get(i), values.get(i));
        }
        return result;
    }
}
