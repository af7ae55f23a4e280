package com.waybillguard.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Checks an audit export (audit-service's {@code GET /api/v1/audit/export}, format {@code wg-audit-export-v1}) without
 * the service, as a regulator or a second auditor would: every event re-hashes to its hash
 * ({@code SHA-256(prevHash + canonical)}) and links to the one before it; seqs run without a hole except where a
 * retention gap says so; every checkpoint verifies with a trusted Ed25519 key, links to the checkpoint before it, and
 * names the chain's hash at its seq; and an anchor kept outside the service ({@code --expect seq:hash}) still holds.
 *
 * <p>Keys: those given with {@code --key <base64 SubjectPublicKeyInfo>} (pinned: the export's own keys are then
 * ignored), else the keys the export names (said so in the output: a forger can name his own).
 *
 * <p>Exit status 0 when the export verifies, 1 with the first broken seq and why, 2 for a usage or input error.
 */
public final class AuditVerifier {

    static final String FORMAT = "wg-audit-export-v1";
    static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome: valid, or the first seq the evidence no longer vouches for, with the reason. */
    public record Result(boolean valid, long events, long checkpoints, Long brokenSeq, String message) {
    }

    private AuditVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path file = null;
        List<String> pinned = new ArrayList<>();
        Map<Long, String> expected = new HashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--key" -> pinned.add(args[++i]);
                    case "--expect" -> {
                        String[] anchor = args[++i].split(":", 2);
                        expected.put(Long.parseLong(anchor[0]), anchor[1]);
                    }
                    default -> file = Path.of(args[i]);
                }
            }
        } catch (RuntimeException e) {
            file = null;
        }
        if (file == null) {
            err.println("usage: java -jar audit-verifier.jar <export.ndjson> [--key <base64 SPKI>]... [--expect <seq>:<hash>]...");
            return 2;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Result result = verify(reader, pinned, expected);
            out.println(result.message());
            return result.valid() ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot read the export: " + e.getMessage());
            return 2;
        }
    }

    /** Verifies the export read from {@code reader}. */
    public static Result verify(Reader reader, List<String> pinnedKeys, Map<Long, String> expected) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(reader)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        if (lines.isEmpty() || !"export".equals(text(lines.get(0), "type")) || !FORMAT.equals(text(lines.get(0), "format"))) {
            throw new IllegalArgumentException("not a " + FORMAT + " export (the first line is its header)");
        }
        JsonNode header = lines.get(0);
        Map<String, PublicKey> keys = new HashMap<>();
        String keySource;
        if (pinnedKeys.isEmpty()) {
            for (JsonNode key : header.path("keys")) {
                keys.put(text(key, "keyId"), publicKey(text(key, "spki")));
            }
            keySource = "the keys the export names (pin them with --key to trust no one else's)";
        } else {
            for (String spki : pinnedKeys) {
                PublicKey key = publicKey(spki);
                keys.put(thumbprint(key), key);
            }
            keySource = pinnedKeys.size() + " pinned key(s)";
        }

        Map<Long, String> chainHash = new HashMap<>();
        Map<Long, long[]> gaps = new HashMap<>();
        List<JsonNode> checkpoints = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode line : lines.subList(1, lines.size())) {
            switch (text(line, "type")) {
                case "event" -> events.add(line);
                case "checkpoint" -> checkpoints.add(line);
                case "gap" -> gaps.put(line.path("fromSeq").asLong(), new long[] {line.path("toSeq").asLong()});
                default -> { }
            }
        }
        long from = header.path("fromSeq").asLong();
        Map<Long, String> gapLastHash = new HashMap<>();
        for (JsonNode line : lines) {
            if ("gap".equals(text(line, "type"))) {
                gapLastHash.put(line.path("toSeq").asLong(), text(line, "lastHash"));
            }
        }

        long expectedSeq = from;
        String prev = null;
        for (JsonNode event : events) {
            long seq = event.path("seq").asLong();
            if (seq != expectedSeq) {
                long[] gap = gaps.get(expectedSeq);
                if (gap == null || gap[0] + 1 != seq) {
                    return broken(expectedSeq, "event " + expectedSeq + " is missing from the export", events.size(), checkpoints.size());
                }
                prev = gapLastHash.get(gap[0]);
                chainHash.put(gap[0], prev);
            }
            String prevHash = text(event, "prevHash");
            if (prev == null && seq == 1) {
                prev = GENESIS;
            }
            if (prev != null && !prev.equals(prevHash)) {
                return broken(seq, "event " + seq + " does not link to the event before it", events.size(), checkpoints.size());
            }
            String hash = text(event, "hash");
            if (!hash.equals(sha256(prevHash + text(event, "canonical")))) {
                return broken(seq, "event " + seq + " does not match its hash: it was changed", events.size(), checkpoints.size());
            }
            chainHash.put(seq, hash);
            prev = hash;
            expectedSeq = seq + 1;
        }

        String lastDigest = null;
        long lastId = -1;
        long vouched = from - 1;
        for (JsonNode checkpoint : checkpoints) {
            long seq = checkpoint.path("seq").asLong();
            String name = "checkpoint " + checkpoint.path("id").asLong() + " (seq " + seq + ")";
            String signed = "wg-checkpoint-v2|" + seq + "|" + text(checkpoint, "hash") + "|" + text(checkpoint, "createdAt")
                    + "|" + text(checkpoint, "prevDigest");
            PublicKey key = keys.get(text(checkpoint, "keyId"));
            if (key == null || !signatureHolds(key, signed, text(checkpoint, "signature"))) {
                return broken(seq, name + " does not verify with " + keySource, events.size(), checkpoints.size());
            }
            // the export lists the checkpoint before the range and those in it in the order written
            if (lastDigest != null && checkpoint.path("id").asLong() > lastId && seq <= header.path("toSeq").asLong()
                    && !lastDigest.equals(text(checkpoint, "prevDigest"))) {
                return broken(seq, name + " does not follow the checkpoint before it: one was removed or altered",
                        events.size(), checkpoints.size());
            }
            String atSeq = chainHash.get(seq);
            if (atSeq != null && !atSeq.equals(text(checkpoint, "hash"))) {
                return broken(vouched + 1, "the events after seq " + vouched + " no longer match " + name,
                        events.size(), checkpoints.size());
            }
            if (atSeq != null) {
                vouched = seq;
            }
            lastDigest = sha256(signed);
            lastId = checkpoint.path("id").asLong();
        }
        for (Map.Entry<Long, String> anchor : expected.entrySet()) {
            String atSeq = chainHash.get(anchor.getKey());
            if (atSeq == null || !atSeq.equals(anchor.getValue())) {
                return broken(anchor.getKey(), "the anchor kept outside the service for seq " + anchor.getKey()
                        + (atSeq == null ? " is not in this export" : " no longer matches"), events.size(), checkpoints.size());
            }
        }
        return new Result(true, events.size(), checkpoints.size(), null, "valid: " + events.size() + " events (seq " + from
                + ".." + (expectedSeq - 1) + "), " + checkpoints.size() + " checkpoints verified with " + keySource
                + "; the checkpoints vouch for the chain up to seq " + vouched);
    }

    private static Result broken(long seq, String why, long events, long checkpoints) {
        return new Result(false, events, checkpoints, seq, "BROKEN at seq " + seq + ": " + why);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static boolean signatureHolds(PublicKey key, String text, String signature) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(text.getBytes(StandardCharsets.UTF_8));
            return ed25519.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static PublicKey publicKey(String spki) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(spki)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 Ed25519 public key: " + e.getMessage());
        }
    }

    /** The RFC 7638 thumbprint of an Ed25519 key: the key id audit-service names it by. */
    static String thumbprint(PublicKey key) {
        byte[] spki = key.getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String jwk = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + base64url.encodeToString(raw) + "\"}";
        try {
            return base64url.encodeToString(MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
