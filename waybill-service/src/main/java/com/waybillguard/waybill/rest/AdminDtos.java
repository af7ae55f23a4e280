package com.waybillguard.waybill.rest;

import com.waybillguard.waybill.domain.WaybillNumber;
import com.waybillguard.waybill.domain.WaybillStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** Request and response records of the admin API. */
public final class AdminDtos {

    static final String OUTLET_ID = "^[A-Z0-9][A-Z0-9-]{1,31}$";
    static final String COURIER_ID = "^[A-Za-z0-9][A-Za-z0-9-]{0,31}$";
    static final String ITEM_CATEGORY = "^[A-Z][A-Z_]{1,31}$";
    static final String PHONE = "^\\+?[0-9][0-9 -]{4,24}$";
    static final int MAX_WEIGHT_GRAMS = 100_000_000;

    private AdminDtos() {
    }

    /** The waybill of DESIGN.md section 3; {@code waybillNo} is generated when absent. */
    public record CreateWaybill(
            @Pattern(regexp = WaybillNumber.REGEX, message = "must be two capital letters followed by 10 to 18 digits")
            String waybillNo,
            WaybillStatus status,
            @NotBlank @Pattern(regexp = OUTLET_ID, message = "must be an outlet id such as HD-YN") String originOutletId,
            @NotBlank @Pattern(regexp = OUTLET_ID, message = "must be an outlet id such as HD-JZ") String destinationOutletId,
            @NotNull @Positive @Max(MAX_WEIGHT_GRAMS) Integer weightGrams,
            @NotBlank @Pattern(regexp = ITEM_CATEGORY, message = "must be an upper-case category such as DOCUMENTS") String itemCategory,
            @Pattern(regexp = COURIER_ID, message = "must be a courier id such as C-1001") String pickupCourierId,
            @Pattern(regexp = COURIER_ID, message = "must be a courier id such as C-1001") String deliveryCourierId,
            @NotNull @Valid Party sender,
            @NotNull @Valid Party receiver,
            Boolean canary) {
    }

    /** A sender or receiver. */
    public record Party(
            @NotBlank @Size(max = 64) String name,
            @NotBlank @Pattern(regexp = PHONE, message = "must be a phone number") String phone,
            @NotNull @Valid Address address) {
    }

    /** A postal address. */
    public record Address(
            @NotBlank @Size(max = 32) String province,
            @NotBlank @Size(max = 32) String city,
            @NotBlank @Size(max = 32) String district,
            @NotBlank @Size(max = 200) String detail) {
    }

    public record Created(String waybillNo) {
    }

    public record StatusChange(@NotNull WaybillStatus status) {
    }

    public record StatusChanged(String waybillNo, WaybillStatus status, Instant updatedAt) {
    }

    public record Assignment(
            @Pattern(regexp = COURIER_ID, message = "must be a courier id such as C-1001") String pickupCourierId,
            @Pattern(regexp = COURIER_ID, message = "must be a courier id such as C-1002") String deliveryCourierId) {
    }

    public record Assigned(String waybillNo, String pickupCourierId, String deliveryCourierId, Instant updatedAt) {
    }
}
