package com.waybillguard.waybill.policy;

/** Masking per GB/T 41833-2022 minimums (DESIGN.md section 4). */
public final class Masking {

    private static final char MASK = '*';
    private static final int PHONE_VISIBLE_DIGITS = 4;
    private static final String CHINA_PREFIX_PLUS = "+86";
    private static final String CHINA_PREFIX_ZEROS = "0086";

    private Masking() {
    }

    /** Keeps the first character (code point), replaces every other one with {@code *}. */
    public static String name(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String trimmed = value.strip();
        int count = trimmed.codePointCount(0, trimmed.length());
        if (count == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder().appendCodePoint(trimmed.codePointAt(0));
        out.append(String.valueOf(MASK).repeat(count - 1));
        return out.toString();
    }

    /**
     * Normalises a phone number (drops a +86/0086 country prefix, spaces, dashes, brackets) and
     * replaces every digit but the last four with {@code *}.
     */
    public static String phone(String value) {
        if (value == null) {
            return null;
        }
        String digits = normalisePhone(value);
        int visible = Math.min(PHONE_VISIBLE_DIGITS, digits.length());
        int hidden = digits.length() - visible;
        if (digits.length() <= PHONE_VISIBLE_DIGITS) {
            // too short to show anything safely
            return String.valueOf(MASK).repeat(digits.length());
        }
        return String.valueOf(MASK).repeat(hidden) + digits.substring(hidden);
    }

    static String normalisePhone(String value) {
        String compact = value.strip().replaceAll("[\\s\\-()]", "");
        if (compact.startsWith(CHINA_PREFIX_PLUS)) {
            compact = compact.substring(CHINA_PREFIX_PLUS.length());
        } else if (compact.startsWith(CHINA_PREFIX_ZEROS)) {
            compact = compact.substring(CHINA_PREFIX_ZEROS.length());
        }
        return compact.replaceAll("[^0-9]", "");
    }
}
