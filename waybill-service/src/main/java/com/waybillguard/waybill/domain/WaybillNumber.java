package com.waybillguard.waybill.domain;

import java.util.regex.Pattern;

/** The waybill number format of DESIGN.md section 3. */
public final class WaybillNumber {

    public static final String REGEX = "^[A-Z]{2}[0-9]{10,18}$";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private WaybillNumber() {
    }

    public static boolean isValid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }
}
