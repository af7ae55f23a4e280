package com.waybillguard.waybill.repository;

import com.waybillguard.waybill.domain.PartyDetails;
import com.waybillguard.waybill.domain.Waybill;
import com.waybillguard.waybill.domain.WaybillSummary;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Waybill persistence. Reads come as projections so personal data is loaded only when needed. */
@ApplicationScoped
public class WaybillRepository implements PanacheRepository<Waybill> {

    private static final String BY_NUMBER = "waybillNo = ?1";

    @WithSession
    public Uni<Waybill> findByNumber(String waybillNo) {
        return find(BY_NUMBER, waybillNo).firstResult();
    }

    @WithSession
    public Uni<Boolean> existsByNumber(String waybillNo) {
        return count(BY_NUMBER, waybillNo).map(n -> n > 0);
    }

    /** Non-personal fields plus province/city of both parties; no names, phones or details. */
    @WithSession
    public Uni<WaybillSummary> findSummary(String waybillNo) {
        return find(BY_NUMBER, waybillNo).project(WaybillSummary.class).firstResult();
    }

    /** The remaining personal fields, for views that disclose them. */
    @WithSession
    public Uni<PartyDetails> findPartyDetails(String waybillNo) {
        return find(BY_NUMBER, waybillNo).project(PartyDetails.class).firstResult();
    }
}
