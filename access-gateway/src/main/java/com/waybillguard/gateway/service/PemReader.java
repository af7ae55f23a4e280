package com.waybillguard.gateway.service;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the blocks of a PEM text ({@code -----BEGIN <label>----- base64 -----END <label>-----}, RFC 7468).
 * No cryptography here: a block is its label and its DER bytes. Messages name the setting the text came
 * from and never quote the text.
 */
final class PemReader {

    /** One PEM block: its label (e.g. {@code PRIVATE KEY}) and the decoded DER. */
    record Block(String label, byte[] der) {
    }

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final Pattern WHITESPACE = Pattern.compile("\\s");

    private PemReader() {
    }

    /** Every block of {@code pem}, in order; fails when there is none or one is not base64. */
    static List<Block> blocks(String pem, String setting) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            String base64 = WHITESPACE.matcher(matcher.group(2)).replaceAll("");
            try {
                blocks.add(new Block(matcher.group(1), Base64.getDecoder().decode(base64)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(setting + ": the " + matcher.group(1) + " block is not valid base64");
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalStateException(setting + " holds no PEM block");
        }
        return blocks;
    }

    /** The DER of the one block labelled {@code label}; fails when there is none or more than one. */
    static byte[] single(List<Block> blocks, String label, String setting) {
        List<Block> matching = blocks.stream().filter(b -> b.label().equals(label)).toList();
        if (matching.isEmpty()) {
            throw new IllegalStateException(setting + " holds no " + label + " block");
        }
        if (matching.size() > 1) {
            throw new IllegalStateException(setting + " holds more than one " + label + " block");
        }
        return matching.get(0).der();
    }

    /** Whether one of the blocks is labelled {@code label}. */
    static boolean has(List<Block> blocks, String label) {
        return blocks.stream().anyMatch(b -> b.label().equals(label));
    }
}
