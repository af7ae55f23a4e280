package com.waybillguard.gateway.domain;

import java.util.Arrays;
import java.util.Optional;

/** The purposes a grant can name (docs/api.md, "Field policy and masking"). */
public enum Purpose {
    COUNTER_ACCEPT,
    COUNTER_INQUIRY,
    PICKUP,
    DELIVERY,
    CUSTOMER_SERVICE;

    /** Regular expression accepting exactly the purpose names, for request validation. */
    public static final String PATTERN = "COUNTER_ACCEPT|COUNTER_INQUIRY|PICKUP|DELIVERY|CUSTOMER_SERVICE";

    public static Optional<Purpose> parse(String name) {
        return Arrays.stream(values()).filter(p -> p.name().equals(name)).findFirst();
    }
}
