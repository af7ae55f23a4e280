package com.waybillguard.waybill.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;

/** Generates waybill numbers matching {@code ^[A-Z]{2}[0-9]{10,18}$}: a prefix and 13 random digits. */
@ApplicationScoped
public class WaybillNumberGenerator {

    static final String PREFIX = "WG";
    private static final int DIGITS = 13;

    private final SecureRandom random = new SecureRandom();

    public String next() {
        StringBuilder number = new StringBuilder(PREFIX);
        for (int i = 0; i < DIGITS; i++) {
            number.append((char) ('0' + random.nextInt(10)));
        }
        return number.toString();
    }
}
