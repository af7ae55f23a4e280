package com.waybillguard.waybill.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.waybill.domain.PartyDetails;
import com.waybillguard.waybill.domain.WaybillSummary;
import com.waybillguard.waybill.policy.Disposition;
import com.waybillguard.waybill.policy.FieldPolicy;
import com.waybillguard.waybill.policy.Masking;
import com.waybillguard.waybill.policy.PartyField;
import com.waybillguard.waybill.policy.View;
import com.waybillguard.waybill.seed.DemoWaybill;
import com.waybillguard.waybill.seed.DemoWaybillGenerator;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: over thousands of generated waybills (realistic ones and odd names and phones), no view
 * rendered by the mapper the read path uses and serialised by the service's ObjectMapper contains a
 * stored phone number in full or the value of a HIDDEN field, and HIDDEN keys are absent.
 */
@QuarkusTest
class ViewDisclosurePropertyTest {

    private static final int WAYBILLS = 2500;
    private static final long SEED = 41833L;
    private static final int MIN_PHONE_DIGITS_ANYWHERE = 8;
    private static final int MIN_PHONE_DIGITS_IN_PARTIES = 5;
    private static final List<String> VIEWS = List.of("COUNTER_ACCEPT", "COUNTER_INQUIRY", "PICKUP", "DELIVERY",
            "CUSTOMER_SERVICE", "TRACKING");
    private static final List<String> ODD_NAMES = List.of("王", "W", "John Smith", "Mary-Jane O'Neil", "阿卜杜·热合曼",
            "迪丽热巴·迪力木拉提", "欧阳娜娜", "司马相如", "𠮷野家", "𠮷", "  李雷  ", "Nguyễn Văn An", "김민준");

    @Inject
    ObjectMapper objectMapper;

    @Inject
    WaybillViewMapper mapper;

    @Inject
    FieldPolicy policy;

    @Test
    void noViewLeaksAFullPhoneOrAHiddenValue() throws Exception {
        Random random = new Random(SEED);
        List<DemoWaybill> waybills = new DemoWaybillGenerator(SEED).generate(WAYBILLS);
        List<String> failures = new ArrayList<>();
        int rendered = 0;
        for (DemoWaybill generated : waybills) {
            DemoWaybill w = oddify(generated, random);
            for (String viewId : VIEWS) {
                View view = policy.view(viewId).orElseThrow();
                WaybillSummary summary = summary(w);
                // as the read path does: personal fields are loaded only for views that disclose them
                PartyDetails details = view.needsPersonalData() ? details(w) : null;
                String json = objectMapper.writeValueAsString(mapper.render(summary, details, "TEST", view));
                check(w, view, json, objectMapper.readTree(json), failures);
                rendered++;
                if (failures.size() > 20) {
                    break;
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(WAYBILLS * VIEWS.size(), rendered);
    }

    private static void check(DemoWaybill w, View view, String json, JsonNode tree, List<String> failures) {
        String where = w.waybillNo() + " " + view.id() + ": ";
        Map<PartyField, String> stored = storedValues(w);
        String parties = tree.path("sender").toString() + tree.path("receiver").toString();
        for (PartyField phoneField : List.of(PartyField.SENDER_PHONE, PartyField.RECEIVER_PHONE)) {
            String phone = stored.get(phoneField).strip();
            // as stored, every digit as ASCII, and the national number without country prefix or separators
            for (String form : List.of(phone, asciiDigits(phone), Masking.normalisePhone(phone))) {
                int length = asciiDigits(form).length();
                if (length >= MIN_PHONE_DIGITS_ANYWHERE && json.contains(form)
                        || length >= MIN_PHONE_DIGITS_IN_PARTIES && parties.contains(form)) {
                    failures.add(where + "full phone " + form + " in " + json);
                }
            }
        }
        JsonNode disclosure = tree.path("disclosure");
        if (disclosure.size() != PartyField.values().length) {
            failures.add(where + "disclosure has " + disclosure.size() + " entries");
        }
        List<String[]> leaves = new ArrayList<>();
        collectLeaves("", tree, leaves);
        for (PartyField field : PartyField.values()) {
            Disposition disposition = view.of(field);
            if (!disposition.name().equals(disclosure.path(field.path()).asText())) {
                failures.add(where + "disclosure of " + field.path() + " is " + disclosure.path(field.path()));
            }
            JsonNode node = at(tree, field.path());
            String value = stored.get(field);
            switch (disposition) {
                case HIDDEN -> {
                    if (node != null) {
                        failures.add(where + field.path() + " is HIDDEN but present as " + node);
                    }
                    String hidden = value.strip();
                    // phones are checked above in every form, whatever their disposition
                    if (field.kind() != PartyField.Kind.PHONE && hidden.codePointCount(0, hidden.length()) >= 2) {
                        for (String[] leaf : leaves) {
                            // a FULL field may legitimately hold the same text (two parties of one name)
                            if (!fullPaths(view).contains(leaf[0]) && leaf[1].contains(hidden)) {
                                failures.add(where + "HIDDEN " + field.path() + " value found at " + leaf[0]);
                            }
                        }
                    }
                }
                case FULL -> {
                    if (node == null || !node.isTextual() || !node.asText().equals(value)) {
                        failures.add(where + field.path() + " is FULL but " + node);
                    }
                }
                case MASKED -> {
                    String expected = field.kind() == PartyField.Kind.PHONE ? Masking.phone(value) : Masking.name(value);
                    if (node == null || !node.isTextual() || !node.asText().equals(expected)) {
                        failures.add(where + field.path() + " is MASKED but " + node);
                    } else if (field.kind() == PartyField.Kind.PHONE && !node.asText().matches("^\\**[0-9]{0,4}$")) {
                        failures.add(where + field.path() + " masked phone shows too much: " + node);
                    } else if (field.kind() == PartyField.Kind.NAME && !node.asText().isEmpty()
                            && node.asText().equals(value.strip())) {
                        failures.add(where + field.path() + " masked name shows the whole name: " + node);
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    private static final Map<String, Set<String>> FULL_PATHS = new ConcurrentHashMap<>();

    private static Set<String> fullPaths(View view) {
        return FULL_PATHS.computeIfAbsent(view.id(), id -> Arrays.stream(PartyField.values())
                .filter(f -> view.of(f) == Disposition.FULL).map(PartyField::path)
                .collect(Collectors.toSet()));
    }

    private static String asciiDigits(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().filter(Character::isDigit).forEach(c -> out.append(Character.digit(c, 10)));
        return out.toString();
    }

    private static JsonNode at(JsonNode tree, String path) {
        JsonNode node = tree;
        for (String part : path.split("\\.")) {
            if (node == null || !node.has(part)) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    private static void collectLeaves(String prefix, JsonNode node, List<String[]> leaves) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!(prefix.isEmpty() && e.getKey().equals("disclosure"))) {
                    collectLeaves(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), leaves);
                }
            }
        } else if (node.isValueNode() && !node.isNull()) {
            leaves.add(new String[] {prefix, node.asText()});
        }
    }

    /** Swaps in awkward names and phones for about a third of the parties. */
    private static DemoWaybill oddify(DemoWaybill w, Random random) {
        return new DemoWaybill(w.waybillNo(), w.status(), w.originOutletId(), w.destinationOutletId(), w.weightGrams(),
                w.itemCategory(), w.pickupCourierId(), w.deliveryCourierId(), oddParty(w.sender(), random),
                oddParty(w.receiver(), random), w.canary(), w.createdAt(), w.updatedAt());
    }

    private static DemoWaybill.Party oddParty(DemoWaybill.Party p, Random random) {
        String name = random.nextInt(3) == 0 ? ODD_NAMES.get(random.nextInt(ODD_NAMES.size())) : p.name();
        String phone = p.phone();
        String last8 = phone.substring(phone.length() - 8);
        phone = switch (random.nextInt(12)) {
            case 0 -> "+86 " + phone.substring(0, 3) + "-" + phone.substring(3, 7) + "-" + phone.substring(7);
            case 1 -> "0086" + phone;
            case 2 -> "0310-" + last8.substring(1);
            case 3 -> "(0310)" + last8.substring(1) + "转" + random.nextInt(1000);
            case 4 -> phone.codePoints().map(c -> c - '0' + '０')
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            case 5 -> last8.substring(3);
            case 6 -> last8.substring(4);
            case 7 -> "138 " + last8.substring(0, 4) + " " + last8.substring(4);
            default -> phone;
        };
        return new DemoWaybill.Party(name, phone, p.province(), p.city(), p.district(), p.detail());
    }

    private static WaybillSummary summary(DemoWaybill w) {
        return new WaybillSummary(w.waybillNo(), w.status(), w.originOutletId(), w.destinationOutletId(),
                w.weightGrams(), w.itemCategory(), w.pickupCourierId(), w.deliveryCourierId(), w.canary(),
                w.createdAt(), w.updatedAt(), w.sender().province(), w.sender().city(), w.receiver().province(),
                w.receiver().city());
    }

    private static PartyDetails details(DemoWaybill w) {
        return new PartyDetails(w.sender().name(), w.sender().phone(), w.sender().district(), w.sender().detail(),
                w.receiver().name(), w.receiver().phone(), w.receiver().district(), w.receiver().detail());
    }

    private static Map<PartyField, String> storedValues(DemoWaybill w) {
        DemoWaybill.Party s = w.sender();
        DemoWaybill.Party r = w.receiver();
        return Map.ofEntries(
                Map.entry(PartyField.SENDER_NAME, s.name()), Map.entry(PartyField.SENDER_PHONE, s.phone()),
                Map.entry(PartyField.SENDER_PROVINCE, s.province()), Map.entry(PartyField.SENDER_CITY, s.city()),
                Map.entry(PartyField.SENDER_DISTRICT, s.district()), Map.entry(PartyField.SENDER_DETAIL, s.detail()),
                Map.entry(PartyField.RECEIVER_NAME, r.name()), Map.entry(PartyField.RECEIVER_PHONE, r.phone()),
                Map.entry(PartyField.RECEIVER_PROVINCE, r.province()), Map.entry(PartyField.RECEIVER_CITY, r.city()),
                Map.entry(PartyField.RECEIVER_DISTRICT, r.district()),
                Map.entry(PartyField.RECEIVER_DETAIL, r.detail()));
    }
}
