package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.mapping.WaybillViewResponse;
import com.waybillguard.waybill.service.ReadRequest;
import com.waybillguard.waybill.service.WaybillReadService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Reads a waybill with a single-use access grant; answers the view the field policy allows. */
@Path("/api/v1/waybills")
@Authenticated
public class WaybillReadResource {

    private final WaybillReadService reads;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    WaybillReadResource(WaybillReadService reads, JsonWebToken token, SecurityIdentity identity) {
        this.reads = reads;
        this.token = token;
        this.identity = identity;
    }

    @GET
    @Path("/{waybillNo}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read one waybill through the view that role, purpose, status and assignment allow")
    public Uni<WaybillViewResponse> read(@PathParam("waybillNo") String waybillNo,
                                         @HeaderParam(RequestHeaders.ACCESS_GRANT) String grant,
                                         @HeaderParam(RequestHeaders.DEVICE_ID) String deviceId,
                                         @Context HttpServerRequest http) {
        return reads.read(new ReadRequest(waybillNo, grant, Callers.of(token, identity), RequestHeaders.context(http)));
    }
}
