package com.waybillguard.waybill.policy;

/**
 * One row of the policy table: for {@code role} reading for {@code purpose}, the rich view when the
 * condition holds, otherwise the fallback view, or a refusal when there is none.
 *
 * @param fallback the fallback view, or {@code null} for a refusal (403)
 */
public record Rule(String id, String role, Purpose purpose, Condition condition, View view, View fallback) {
}
