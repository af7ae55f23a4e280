package com.waybillguard.audit.domain;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JwkThumbprintTest {

    private static byte[] spki(String x) {
        byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] raw = Base64.getUrlDecoder().decode(x);
        byte[] spki = new byte[prefix.length + raw.length];
        System.arraycopy(prefix, 0, spki, 0, prefix.length);
        System.arraycopy(raw, 0, spki, prefix.length, raw.length);
        return spki;
    }

    @Test
    void theThumbprintOfRfc8037sExampleKey() {
        // RFC 8037, appendix A.3: the thumbprint of the example Ed25519 public key of A.2
        assertEquals("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
                JwkThumbprint.ofEd25519(spki("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")));
    }

    @Test
    void anythingButAnEd25519KeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> JwkThumbprint.ofEd25519(new byte[44]));
        byte[] truncated = java.util.Arrays.copyOf(spki("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"), 40);
        assertThrows(IllegalArgumentException.class, () -> JwkThumbprint.ofEd25519(truncated));
    }
}
