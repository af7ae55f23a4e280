package com.waybillguard.gateway.rest;

import java.util.List;
import java.util.Map;

/**
 * What the auditor console shows, every word already in the page's language: the chain's verification and the
 * newest signed checkpoint, the open alerts, and the answer of the last question (a search, an account's timeline
 * with its reads per hour, or a waybill's history).
 */
record ReviewPage(String lang, String csrf, Map<String, String> labels, String username, String message,
                  String error, String chain, boolean chainValid, String checkpoint, List<Alert> alerts,
                  String resultsTitle, List<Event> events, Map<String, String> filters, String nextCursor,
                  Chart chart) {

    /** An open alert with its evidence. */
    record Alert(String id, String rule, String severity, String raisedAt, String account, String sub,
                 String summary, String evidence) {

        /** The severity's class in the page. */
        public String severityClass() {
            return severity.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The actions an auditor can search for (docs/api.md, "Audit API"). */
    public List<String> actions() {
        return List.of("WAYBILL_READ", "WAYBILL_READ_REFUSED", "GRANT_ISSUED", "GRANT_REFUSED", "ALERT_RAISED",
                "ALERT_RESOLVED", "ACCOUNT_SUSPENDED", "ACCOUNT_REINSTATED", "WAYBILL_CREATED", "WAYBILL_UPDATED",
                "QUOTA_OVERRIDE_SET", "QUOTA_OVERRIDE_REMOVED", "RETENTION_APPLIED");
    }

    /** One audit event as a row. */
    record Event(String seq, String time, String action, String decision, String account, String role,
                 String outlet, String waybillNo, String purposeView, String reason) {

        public boolean denied() {
            return "DENY".equals(decision);
        }
    }

    /** Reads per hour with the role's hourly quota, drawn as SVG bars (coordinates already computed). */
    record Chart(String caption, List<Bar> bars, int quotaY, int width, int height) {

        /** The drawing with a line of hour labels under the bars. */
        public int viewHeight() {
            return height + 16;
        }

        public int labelY() {
            return height + 13;
        }
    }

    /** One hour's bar: position, height, and its label and count for screen readers. */
    record Bar(int x, int y, int barWidth, int barHeight, String hour, long count, boolean labelled) {
    }
}
