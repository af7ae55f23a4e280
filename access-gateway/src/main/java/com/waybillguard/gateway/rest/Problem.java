package com.waybillguard.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An RFC 9457 problem details body. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<Violation> violations) {

    /** One failed constraint: the field name and what is wrong, never the rejected value. */
    public record Violation(String field, String message) {
    }
}
