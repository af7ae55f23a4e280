package com.waybillguard.gateway.rest;

import com.waybillguard.gateway.config.GatewayConfig;
import com.waybillguard.gateway.service.SigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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
    @Produces({MediaType.APPLICATION_JSON, JWK_SET_JSON})
    @Operation(operationId = "getGrantKeys", summary = "JWK Set of the grant signing keys (public, no token)",
            description = "The current key first, then the keys of earlier rotations that still verify; kid is the "
                    + "RFC 7638 thumbprint. Cache-Control: public, max-age = wg.grant.jwks-max-age-seconds.")
    @APIResponse(responseCode = "200", description = "The JWK Set (RFC 7517).",
            content = @Content(mediaType = OpenApiRefs.JSON, schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "one key", value = "{\"keys\": [{\"kty\": \"EC\", \"crv\": \"P-256\", "
                            + "\"x\": \"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\", "
                            + "\"y\": \"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\", "
                            + "\"kid\": \"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\", \"use\": \"sig\", \"alg\": \"ES256\"}]}")))
    @APIResponse(responseCode = "406", ref = OpenApiRefs.NOT_ACCEPTABLE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.INTERNAL_ERROR)
    public Response jwks() {
        return Response.ok(keys.jwks(), MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=" + config.grant().jwksMaxAgeSeconds())
                .build();
    }
}
