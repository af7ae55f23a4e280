package com.waybillguard.gateway.domain;

import java.util.regex.Pattern;

/** Formats of the identifiers the public contract fixes. */
public final class Identifiers {

    /** Waybill number (docs/api.md, "Reads"): two capital letters, then 10 to 18 digits. */
    public static final String WAYBILL_NO = "^[A-Z]{2}[0-9]{10,18}$";

    /** {@code X-Device-Id} (docs/architecture.md, glossary "device"): 8 to 64 characters {@code [A-Za-z0-9._-]}. */
    public static final String DEVICE_ID = "^[A-Za-z0-9._-]{8,64}$";

    /** {@link #WAYBILL_NO} in words, for messages. */
    public static final String WAYBILL_NO_RULE = "two capital letters followed by 10 to 18 digits";

    /** {@link #DEVICE_ID} in words, for messages. */
    public static final String DEVICE_ID_RULE = "8 to 64 characters of A-Z a-z 0-9 . _ -";

    /** Account subject as used in Redis keys and admin paths. */
    public static final String SUBJECT = "^[A-Za-z0-9._:@-]{1,128}$";

    /** A client supplied request id that may be forwarded. */
    public static final String REQUEST_ID = "^[A-Za-z0-9._-]{1,64}$";

    /** An alert id: the event id of its {@code ALERT_RAISED} event, a UUID. */
    public static final String ALERT_ID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    private static final Pattern ALERT = Pattern.compile(ALERT_ID);
    private static final Pattern WAYBILL = Pattern.compile(WAYBILL_NO);
    private static final Pattern DEVICE = Pattern.compile(DEVICE_ID);
    private static final Pattern SUB = Pattern.compile(SUBJECT);
    private static final Pattern REQUEST = Pattern.compile(REQUEST_ID);

    private Identifiers() {
    }

    public static boolean isWaybillNo(String value) {
        return value != null && WAYBILL.matcher(value).matches();
    }

    public static boolean isDeviceId(String value) {
        return value != null && DEVICE.matcher(value).matches();
    }

    public static boolean isSubject(String value) {
        return value != null && SUB.matcher(value).matches();
    }

    /** Digits of a waybill number whose distance ENUMERATION compares: the last 15 (exact as a double). */
    public static final int NUMERIC_PART_DIGITS = 15;

    /**
     * The numeric part of a waybill number for distances: its digits, of which the last
     * {@value #NUMERIC_PART_DIGITS} (a Redis sorted-set score holds them exactly).
     */
    public static long numericPart(String waybillNo) {
        String digits = waybillNo.replaceAll("[^0-9]", "");
        String tail = digits.length() > NUMERIC_PART_DIGITS ? digits.substring(digits.length() - NUMERIC_PART_DIGITS) : digits;
        return tail.isEmpty() ? 0 : Long.parseLong(tail);
    }

    public static boolean isAlertId(String value) {
        return value != null && ALERT.matcher(value).matches();
    }

    public static boolean isRequestId(String value) {
        return value != null && REQUEST.matcher(value).matches();
    }
}
