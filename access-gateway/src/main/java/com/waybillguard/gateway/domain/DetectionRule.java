package com.waybillguard.gateway.domain;

/** The detection rules the gateway decides at grant time (docs/api.md, "Accounts and suspension"). */
public enum DetectionRule {
    ENUMERATION("enumeration"),
    SHARED_ACCOUNT("shared-account"),
    VOLUME("volume");

    private final String key;

    DetectionRule(String key) {
        this.key = key;
    }

    /** The rule's name in configuration ({@code wg.detection.<key>.*}) and in Redis keys. */
    public String key() {
        return key;
    }
}
