package com.waybillguard.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.waybillguard.gateway.client.Forwarded;
import com.waybillguard.gateway.client.WaybillServiceClient;
import com.waybillguard.gateway.domain.Caller;
import com.waybillguard.gateway.domain.Purpose;
import com.waybillguard.gateway.domain.QuotaDecision;
import com.waybillguard.gateway.domain.RequestContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The clerk console's lookup: what a courier app does in two requests, done by the gateway for a signed-in browser
 * session in one. It asks {@link GrantService} for a grant (quotas, suspension, detection, {@code GRANT_ISSUED}, all as
 * for the API) and reads the waybill with it through waybill-service, with the session's access token, so the read
 * is verified, consumed, decided and audited exactly as an API read. The grant never leaves the gateway.
 */
@ApplicationScoped
public class ConsoleLookup {

    private final GrantService grants;
    private final WaybillServiceClient waybills;
    private final ObjectMapper json;

    public ConsoleLookup(GrantService grants, WaybillServiceClient waybills, ObjectMapper json) {
        this.grants = grants;
        this.waybills = waybills;
        this.json = json;
    }

    /**
     * Grant, then read. A refusal of the grant fails with the gateway's problem (quota, suspension, purpose); a
     * refusal of the read is answered as waybill-service's problem; an inner failure fails as for the API.
     */
    public Uni<Lookup> lookup(Caller caller, String accessToken, String waybillNo, Purpose purpose, RequestContext request) {
        return grants.issue(caller, waybillNo, purpose, request)
                .flatMap(issued -> waybills.read(waybillNo, new Forwarded("Bearer " + accessToken, issued.grant(),
                                request.deviceId(), request.clientIp(), request.traceId()))
                        .map(response -> new Lookup(UpstreamAnswer.of(json, response), issued.quota())));
    }

    /** What waybill-service answered, and the quota windows the grant left (no second trip to Redis to show them). */
    public record Lookup(UpstreamAnswer answer, QuotaDecision quota) {
    }
}
