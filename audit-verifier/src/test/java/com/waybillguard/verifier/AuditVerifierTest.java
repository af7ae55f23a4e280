package com.waybillguard.verifier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exports built here as audit-service writes them, then changed as an insider would. */
class AuditVerifierTest {

    private KeyPair key;
    private List<String> canonical;

    @TempDir
    Path dir;

    @BeforeEach
    void keyAndEvents() throws Exception {
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        canonical = new ArrayList<>(List.of(
                "{\"action\":\"WAYBILL_READ\",\"actor\":{\"sub\":\"s-1\"},\"eventId\":\"e1\"}",
                "{\"action\":\"WAYBILL_READ\",\"actor\":{\"sub\":\"s-2\"},\"eventId\":\"e2\"}",
                "{\"action\":\"GRANT_ISSUED\",\"actor\":{\"sub\":\"s-3\"},\"eventId\":\"e3\"}"));
    }

    /** Events 1..3 chained from genesis (hashes of {@code hashed}, texts of {@code shown}), a checkpoint at seq 3. */
    private String export(List<String> hashed, List<String> shown, boolean withEvent2) throws Exception {
        String spki = Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
        String keyId = AuditVerifier.thumbprint(key.getPublic());
        StringBuilder out = new StringBuilder();
        out.append("{\"type\":\"export\",\"format\":\"wg-audit-export-v1\",\"fromSeq\":1,\"toSeq\":3,\"headSeq\":3,")
                .append("\"keys\":[{\"keyId\":\"").append(keyId).append("\",\"algorithm\":\"Ed25519\",\"spki\":\"")
                .append(spki).append("\",\"current\":true}]}\n");
        String prev = AuditVerifier.GENESIS;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String hash = AuditVerifier.sha256(prev + hashed.get(i));
            lines.add("{\"type\":\"event\",\"seq\":" + (i + 1) + ",\"prevHash\":\"" + prev + "\",\"hash\":\"" + hash
                    + "\",\"canonical\":" + quote(shown.get(i)) + "}");
            prev = hash;
        }
        String signed = "wg-checkpoint-v2|3|" + prev + "|2026-11-30T10:00:00Z|" + AuditVerifier.GENESIS;
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(key.getPrivate());
        ed25519.update(signed.getBytes(StandardCharsets.UTF_8));
        out.append("{\"type\":\"checkpoint\",\"id\":1,\"seq\":3,\"hash\":\"").append(prev)
                .append("\",\"createdAt\":\"2026-11-30T10:00:00Z\",\"prevDigest\":\"").append(AuditVerifier.GENESIS)
                .append("\",\"keyId\":\"").append(keyId).append("\",\"algorithm\":\"Ed25519\",\"signature\":\"")
                .append(Base64.getEncoder().encodeToString(ed25519.sign())).append("\"}\n");
        for (int i = 0; i < 3; i++) {
            if (i != 1 || withEvent2) {
                out.append(lines.get(i)).append('\n');
            }
        }
        return out.toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private AuditVerifier.Result verify(String export, List<String> pinned, Map<Long, String> expected) throws Exception {
        return AuditVerifier.verify(new StringReader(export), pinned, expected);
    }

    @Test
    void anUntouchedExportVerifies() throws Exception {
        AuditVerifier.Result result = verify(export(canonical, canonical, true), List.of(), Map.of());
        assertTrue(result.valid(), result.message());
        assertEquals(3, result.events());
        assertTrue(result.message().contains("vouch for the chain up to seq 3"), result.message());
    }

    @Test
    void anEditedEventIsFoundAtItsSeq() throws Exception {
        List<String> edited = new ArrayList<>(canonical);
        edited.set(1, edited.get(1).replace("s-2", "someone-else"));
        AuditVerifier.Result result = verify(export(canonical, edited, true), List.of(), Map.of());
        assertFalse(result.valid());
        assertEquals(2L, result.brokenSeq(), result.message());
    }

    @Test
    void aChainRehashedAfterAnEditNoLongerMatchesTheSignedCheckpoint() throws Exception {
        String signedOriginal = export(canonical, canonical, true);
        String checkpoint = signedOriginal.lines().filter(l -> l.contains("\"checkpoint\"")).findFirst().orElseThrow();
        List<String> edited = new ArrayList<>(canonical);
        edited.set(1, edited.get(1).replace("s-2", "someone-else"));
        String rehashed = export(edited, edited, true).lines()
                .map(l -> l.contains("\"checkpoint\"") ? checkpoint : l).reduce("", (a, b) -> a + b + "\n");
        AuditVerifier.Result result = verify(rehashed, List.of(), Map.of());
        assertFalse(result.valid());
        assertEquals(1L, result.brokenSeq(), "the first seq no signature vouches for: " + result.message());
    }

    @Test
    void aMissingEventAStrangersKeyAndABrokenAnchorAreFound() throws Exception {
        assertEquals(2L, verify(export(canonical, canonical, false), List.of(), Map.of()).brokenSeq());

        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        AuditVerifier.Result pinned = verify(export(canonical, canonical, true),
                List.of(Base64.getEncoder().encodeToString(stranger.getPublic().getEncoded())), Map.of());
        assertFalse(pinned.valid(), "a checkpoint that the pinned key did not sign");
        assertTrue(pinned.message().contains("pinned"), pinned.message());

        AuditVerifier.Result anchored = verify(export(canonical, canonical, true), List.of(), Map.of(2L, "0".repeat(64)));
        assertEquals(2L, anchored.brokenSeq(), anchored.message());
    }

    @Test
    void theCommandAnswersWithItsExitStatus() throws Exception {
        Path file = dir.resolve("export.ndjson");
        Files.writeString(file, export(canonical, canonical, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        String spki = Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
        assertEquals(0, AuditVerifier.run(new String[] {file.toString(), "--key", spki}, print, print));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("valid: 3 events"), out.toString(StandardCharsets.UTF_8));
        assertEquals(2, AuditVerifier.run(new String[] {}, print, print), "usage");
        Files.writeString(file, export(canonical, canonical, false));
        assertEquals(1, AuditVerifier.run(new String[] {file.toString()}, print, print));
        Files.writeString(file, "not json\n");
        assertEquals(2, AuditVerifier.run(new String[] {file.toString()}, print, print));
    }
}
