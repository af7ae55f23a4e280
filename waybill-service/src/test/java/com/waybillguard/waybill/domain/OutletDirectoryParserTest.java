package com.waybillguard.waybill.domain;

import com.waybillguard.waybill.seed.DemoWaybillGenerator;
import com.waybillguard.waybill.seed.Outlet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutletDirectoryParserTest {

    private static String shipped() throws IOException {
        try (InputStream in = OutletDirectoryParserTest.class.getClassLoader()
                .getResourceAsStream("outlets/outlets-v1.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shippedDirectoryHoldsEveryDemoOutlet() throws IOException {
        OutletDirectory directory = new OutletDirectoryParser().parse("outlets-v1.json", shipped());
        assertEquals("outlets-v1", directory.version());
        assertEquals(DemoWaybillGenerator.OUTLETS.size(), directory.size());
        for (Outlet o : DemoWaybillGenerator.OUTLETS) {
            OutletDirectory.Outlet found = directory.outlet(o.id()).orElseThrow(() -> new AssertionError(o.id()));
            assertEquals(o.province() + o.city() + o.district(), found.province() + found.city() + found.district());
        }
        assertFalse(directory.isKnown("HD-XX"));
        assertFalse(directory.isKnown(null));
    }

    private static String rejectionOf(String json) {
        return assertThrows(IllegalStateException.class, () -> new OutletDirectoryParser().parse("bad.json", json))
                .getMessage();
    }

    @Test
    void badEntriesAreNamed() throws IOException {
        String duplicate = rejectionOf(shipped().replace("\"id\": \"HD-JZ\"", "\"id\": \"HD-YN\""));
        assertTrue(duplicate.contains("bad.json") && duplicate.contains("outlets[1].id")
                && duplicate.contains("duplicate"), duplicate);
        String format = rejectionOf(shipped().replace("\"id\": \"HD-WA\"", "\"id\": \"hd wa\""));
        assertTrue(format.contains("outlets[2].id") && format.contains("hd wa"), format);
        String blank = rejectionOf(shipped().replaceFirst("\"district\": \"永年区\"", "\"district\": \" \""));
        assertTrue(blank.contains("outlets[0].district"), blank);
        String key = rejectionOf(shipped().replaceFirst("\"city\"", "\"town\""));
        assertTrue(key.contains("outlets[0]") && key.contains("town"), key);
        String empty = rejectionOf("{\"version\": \"v\", \"outlets\": []}");
        assertTrue(empty.contains("at outlets"), empty);
        String json = rejectionOf("{\"version\": ");
        assertTrue(json.contains("not valid JSON"), json);
    }
}
