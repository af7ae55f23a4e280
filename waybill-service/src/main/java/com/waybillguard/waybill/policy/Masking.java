package com.waybillguard.waybill.policy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masking per GB/T 41833-2022 minimums (docs/api.md, "Field policy and masking"; examples in the README,
 * "Masking"). Works on Unicode code points, never on UTF-16 units, so a character outside the BMP is one
 * character.
 *
 * <ul>
 *   <li>Name: the first character is kept, every other character (letters, spaces, the middle dot
 *       of transliterated names, anything) becomes {@code *}; a one-character name becomes
 *       {@code *} (keeping it would show it in full).</li>
 *   <li>Phone: normalised first (country prefix {@code +86}/{@code 0086}, spaces, dashes,
 *       brackets and dots dropped, an extension cut off, full-width digits read as digits), then
 *       every digit but the last four becomes {@code *}; a number of four digits or fewer is masked
 *       completely. The result holds only {@code *} and at most four digits.</li>
 * </ul>
 */
public final class Masking {

    private static final char MASK = '*';
    private static final int PHONE_VISIBLE_DIGITS = 4;
    private static final String CHINA_PREFIX_PLUS = "+86";
    private static final String CHINA_PREFIX_ZEROS = "0086";
    /** Separators people write inside a phone number. */
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u3000\\-\\u2010-\\u2015\\uFF0D()\\uFF08\\uFF09.]");
    /** Start of an extension: "转 123", "ext. 123", "x123", "#123", ",123". */
    private static final Pattern EXTENSION = Pattern.compile("(转|分机|ext\\.?|x|#|,|，)[0-9]*$");

    private Masking() {
    }

    /** Keeps the first character (code point) and replaces every other one with {@code *}. */
    public static String name(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        int count = trimmed.codePointCount(0, trimmed.length());
        if (count == 0) {
            return "";
        }
        if (count == 1) {
            return String.valueOf(MASK);
        }
        return new StringBuilder().appendCodePoint(trimmed.codePointAt(0))
                .append(String.valueOf(MASK).repeat(count - 1))
                .toString();
    }

    /**
     * Replaces every digit of the normalised number but the last four with {@code *}; four digits
     * or fewer are all replaced. A value without any digit masks to the empty string.
     */
    public static String phone(String value) {
        if (value == null) {
            return null;
        }
        String digits = normalisePhone(value);
        if (digits.length() <= PHONE_VISIBLE_DIGITS) {
            // too short to show anything safely
            return String.valueOf(MASK).repeat(digits.length());
        }
        int hidden = digits.length() - PHONE_VISIBLE_DIGITS;
        return String.valueOf(MASK).repeat(hidden) + digits.substring(hidden);
    }

    /** The digits of a phone number without country prefix, separators or extension. */
    public static String normalisePhone(String value) {
        String compact = SEPARATORS.matcher(asciiDigits(value.strip()).toLowerCase(Locale.ROOT)).replaceAll("");
        Matcher extension = EXTENSION.matcher(compact);
        if (extension.find() && extension.start() > 0) {
            compact = compact.substring(0, extension.start());
        }
        if (compact.startsWith(CHINA_PREFIX_PLUS)) {
            compact = compact.substring(CHINA_PREFIX_PLUS.length());
        } else if (compact.startsWith(CHINA_PREFIX_ZEROS)) {
            compact = compact.substring(CHINA_PREFIX_ZEROS.length());
        }
        StringBuilder digits = new StringBuilder(compact.length());
        compact.codePoints().filter(c -> c >= '0' && c <= '9').forEach(digits::appendCodePoint);
        return digits.toString();
    }

    /** Full-width and other Unicode decimal digits as ASCII digits; everything else unchanged. */
    private static String asciiDigits(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (Character.isDigit(c)) {
                out.append((char) ('0' + Character.digit(c, 10)));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
