package com.waybillguard.waybill.service;

import com.waybillguard.waybill.domain.KnownOutlet;
import com.waybillguard.waybill.domain.PhoneNumber;
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

/**
 * What the admin writes take and answer (docs/api.md, "Admin API"). The resource validates a body with the
 * constraints declared here before the write sees it, and answers the results as they are.
 */
public final class AdminWrites {

    static final String COURIER_ID = "^C-[0-9]{4,8}$";
    static final String COURIER_MESSAGE = "must be a courier id: C- followed by 4 to 8 digits, such as C-1001";
    static final String ITEM_CATEGORY = "^[A-Z][A-Z_]{1,31}$";
    /**
     * Personal text: no control characters, no invisible format characters (zero-width spaces, direction overrides
     * that would make a name read differently in a console), no lone surrogate halves (PostgreSQL would store them as
     * '?'), and no '*' (which would pass for masking).
     */
    static final String PERSONAL_TEXT = "^[^\\p{Cntrl}\\p{Cf}\\p{Cs}*]*$";
    static final String PERSONAL_TEXT_MESSAGE = "must not contain control or invisible format characters, lone "
            + "surrogates or '*'";
    static final int MAX_WEIGHT_GRAMS = 100_000_000;
    static final int MAX_NAME = 64;
    static final int MAX_REGION = 32;
    static final int MAX_DETAIL = 200;

    private AdminWrites() {
    }

    /** A new waybill; {@code waybillNo} is generated when absent, {@code status} is {@code CREATED} when absent. */
    public record CreateWaybill(
            @Pattern(regexp = WaybillNumber.REGEX, message = "must be two capital letters followed by 10 to 18 digits")
            String waybillNo,
            WaybillStatus status,
            @NotBlank @KnownOutlet String originOutletId,
            @NotBlank @KnownOutlet String destinationOutletId,
            @NotNull @Positive @Max(MAX_WEIGHT_GRAMS) Integer weightGrams,
            @NotBlank @Pattern(regexp = ITEM_CATEGORY, message = "must be an upper-case category such as DOCUMENTS") String itemCategory,
            @Pattern(regexp = COURIER_ID, message = COURIER_MESSAGE) String pickupCourierId,
            @Pattern(regexp = COURIER_ID, message = COURIER_MESSAGE) String deliveryCourierId,
            @NotNull @Valid Party sender,
            @NotNull @Valid Party receiver,
            Boolean canary) {
    }

    /** A sender or receiver. */
    public record Party(
            @NotBlank @Size(max = MAX_NAME) @Pattern(regexp = PERSONAL_TEXT, message = PERSONAL_TEXT_MESSAGE)
            String name,
            @NotBlank @PhoneNumber String phone,
            @NotNull @Valid Address address) {
    }

    /** A postal address. */
    public record Address(
            @NotBlank @Size(max = MAX_REGION) @Pattern(regexp = PERSONAL_TEXT, message = PERSONAL_TEXT_MESSAGE)
            String province,
            @NotBlank @Size(max = MAX_REGION) @Pattern(regexp = PERSONAL_TEXT, message = PERSONAL_TEXT_MESSAGE)
            String city,
            @NotBlank @Size(max = MAX_REGION) @Pattern(regexp = PERSONAL_TEXT, message = PERSONAL_TEXT_MESSAGE)
            String district,
            @NotBlank @Size(max = MAX_DETAIL) @Pattern(regexp = PERSONAL_TEXT, message = PERSONAL_TEXT_MESSAGE)
            String detail) {
    }

    /** The waybill's status after a status change. */
    public record StatusChanged(String waybillNo, WaybillStatus status, Instant updatedAt) {
    }

    /** The couriers of a waybill: both slots are replaced, {@code null} clears one. */
    public record Assignment(
            @Pattern(regexp = COURIER_ID, message = COURIER_MESSAGE) String pickupCourierId,
            @Pattern(regexp = COURIER_ID, message = COURIER_MESSAGE) String deliveryCourierId) {
    }

    /** The waybill's couriers after an assignment. */
    public record Assigned(String waybillNo, String pickupCourierId, String deliveryCourierId, Instant updatedAt) {
    }
}
