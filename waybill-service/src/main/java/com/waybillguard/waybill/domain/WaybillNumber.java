package com.waybillguard.waybill.domain;

import java.util.regex.Pattern;

/** The waybill number format: two capital letters and 10 to 18 digits (docs/api.md, "Reads" and "Admin API"). */
public final class WaybillNumber {

    public static final String REGEX = "^[A-Z]{2}[0-9]{10,18}$";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private WaybillNumber() {
    }

    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }
}
