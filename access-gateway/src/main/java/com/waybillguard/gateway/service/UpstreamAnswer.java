package com.waybillguard.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.gateway.client.UpstreamResponse;

import java.io.IOException;

/** An inner service's answer for a console page: its status and its JSON body (the result, or its problem). */
public record UpstreamAnswer(int status, JsonNode body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The problem's detail of a refusal, or null. */
    public String detail() {
        return ok() ? null : body.path("detail").asText(null);
    }

    static UpstreamAnswer of(ObjectMapper json, UpstreamResponse response) {
        try {
            JsonNode body = response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
            return new UpstreamAnswer(response.status(), body);
        } catch (IOException e) {
            throw new IllegalStateException("an inner service answered something that is not JSON", e);
        }
    }
}
