package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.service.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /.well-known/jwks.json}: the public keys that verify grants. */
@Path("/.well-known/jwks.json")
public class JwksResource {

    /** Media type of a JWK Set (RFC 7517). */
    public static final String JWK_SET_JSON = "application/jwk-set+json";

    private final SigningKeys keys;
    private final GatewayConfig config;

    public JwksResource(SigningKeys keys, GatewayConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @GET
    @Produces({"application/json", JWK_SET_JSON})
    @Operation(summary = "JWK Set of the grant signing keys")
    public Response jwks() {
        return Response.ok(keys.jwks(), "application/json")
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=" + config.grant().jwksMaxAgeSeconds())
                .build();
    }
}
