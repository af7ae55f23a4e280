package com.waybillguard.waybill.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/** The {@code X-Device-Id} format and its hash as carried in a grant's {@code device_hash}. */
public final class DeviceIds {

    private static final Pattern FORMAT = Pattern.compile("^[A-Za-z0-9._-]{8,64}$");

    private DeviceIds() {
    }

    public static boolean isValid(String deviceId) {
        return deviceId != null && FORMAT.matcher(deviceId).matches();
    }

    /** base64url (no padding) of SHA-256 over the UTF-8 device id. */
    public static String hash(String deviceId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(deviceId.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Constant-time comparison of the request's device with the grant's device hash. */
    public static boolean matches(String deviceId, String grantDeviceHash) {
        return grantDeviceHash != null && MessageDigest.isEqual(
                hash(deviceId).getBytes(StandardCharsets.US_ASCII),
                grantDeviceHash.getBytes(StandardCharsets.US_ASCII));
    }
}
