package com.waybillguard.waybill.policy;

/** The field policy file is not valid; the message names the bad entry. */
public class PolicyValidationException extends RuntimeException {

    public PolicyValidationException(String message) {
        super(message);
    }

    public PolicyValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
