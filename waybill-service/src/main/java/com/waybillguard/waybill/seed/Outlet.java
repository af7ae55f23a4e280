package com.waybillguard.waybill.seed;

/** A demo outlet and the district it serves. */
public record Outlet(String id, String province, String city, String district, String town) {
}
