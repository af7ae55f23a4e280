package com.waybillguard.waybill.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/** A stored waybill. Stays inside the service; the API speaks records. */
@Entity
@Table(name = "waybill")
public class Waybill {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "waybill_no", nullable = false, unique = true, length = 20)
    public String waybillNo;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    public WaybillStatus status;

    @Column(name = "origin_outlet_id", nullable = false)
    public String originOutletId;

    @Column(name = "destination_outlet_id", nullable = false)
    public String destinationOutletId;

    @Column(name = "weight_grams", nullable = false)
    public int weightGrams;

    @Column(name = "item_category", nullable = false)
    public String itemCategory;

    @Column(name = "pickup_courier_id")
    public String pickupCourierId;

    @Column(name = "delivery_courier_id")
    public String deliveryCourierId;

    @Column(name = "sender_name", nullable = false)
    public String senderName;
    @Column(name = "sender_phone", nullable = false)
    public String senderPhone;
    @Column(name = "sender_province", nullable = false)
    public String senderProvince;
    @Column(name = "sender_city", nullable = false)
    public String senderCity;
    @Column(name = "sender_district", nullable = false)
    public String senderDistrict;
    @Column(name = "sender_detail", nullable = false)
    public String senderDetail;

    @Column(name = "receiver_name", nullable = false)
    public String receiverName;
    @Column(name = "receiver_phone", nullable = false)
    public String receiverPhone;
    @Column(name = "receiver_province", nullable = false)
    public String receiverProvince;
    @Column(name = "receiver_city", nullable = false)
    public String receiverCity;
    @Column(name = "receiver_district", nullable = false)
    public String receiverDistrict;
    @Column(name = "receiver_detail", nullable = false)
    public String receiverDetail;

    @Column(nullable = false)
    public boolean canary;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(nullable = false)
    public long version;
}
