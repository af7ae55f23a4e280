package com.waybillguard.waybill.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phone numbers a waybill accepts: a mainland mobile number ({@code 1[3-9]} + 9 digits) or a
 * landline (area code {@code 0} + 2 or 3 digits, then 7 or 8 digits, optionally an extension),
 * optionally with the country prefix {@code +86} / {@code 0086} (then the landline's leading
 * {@code 0} may be dropped), written with spaces, dashes or brackets.
 */
public final class PhoneNumbers {

    /** Longest phone value accepted as written. */
    public static final int MAX_LENGTH = 32;
    private static final Pattern WITH_EXTENSION =
            Pattern.compile("^(.*?)\\s*(?:转|分机|ext\\.?|x|#)\\s*([0-9]{1,6})$", Pattern.CASE_INSENSITIVE);
    private static final Pattern WRITTEN = Pattern.compile("^\\(?\\+?[0-9][0-9 ()\\-]*$");
    private static final Pattern SEPARATORS = Pattern.compile("[ ()\\-]");
    private static final Pattern MOBILE = Pattern.compile("^1[3-9][0-9]{9}$");
    private static final Pattern LANDLINE = Pattern.compile("^0[1-9][0-9]{1,2}[2-9][0-9]{6,7}$");
    private static final Pattern LANDLINE_INTERNATIONAL = Pattern.compile("^0?[1-9][0-9]{1,2}[2-9][0-9]{6,7}$");

    private PhoneNumbers() {
    }

    public static boolean isValid(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH
                || value.codePoints().anyMatch(Character::isISOControl)) {
            return false;
        }
        String main = value.strip();
        boolean extension = false;
        Matcher ext = WITH_EXTENSION.matcher(main);
        if (ext.matches()) {
            main = ext.group(1);
            extension = true;
        }
        if (!WRITTEN.matcher(main).matches()) {
            return false;
        }
        String compact = SEPARATORS.matcher(main).replaceAll("");
        boolean international = false;
        if (compact.startsWith("+86")) {
            compact = compact.substring(3);
            international = true;
        } else if (compact.startsWith("0086")) {
            compact = compact.substring(4);
            international = true;
        } else if (compact.startsWith("+")) {
            return false;
        }
        if (!extension && MOBILE.matcher(compact).matches()) {
            return true;
        }
        return (international ? LANDLINE_INTERNATIONAL : LANDLINE).matcher(compact).matches();
    }
}
