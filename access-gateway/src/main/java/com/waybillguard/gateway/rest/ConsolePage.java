package com.waybillguard.gateway.rest;

import java.util.List;
import java.util.Map;

/**
 * What the clerk console shows, every word already in the page's language: who is signed in, the purposes the role
 * may choose, the quota left, and the result of the last lookup (a waybill view, or why there is none).
 */
record ConsolePage(String lang, String csrf, Map<String, String> labels, String username, String outletId, List<Choice> purposes,
                   List<Choice> quota, Result result, String error,
                   String enteredNumber, int clearSeconds, String clearsIn, String cleared) {

    /** A value and its words: a purpose to choose, or a quota window and what is left of it. */
    record Choice(String value, String label, boolean selected) {
    }

    /** One personal field: its label, its value as the view shows it, and whether it is shown masked or hidden. */
    record Field(String label, String value, String state, String stateLabel) {

        public boolean masked() {
            return "MASKED".equals(state);
        }

        public boolean hidden() {
            return "HIDDEN".equals(state);
        }

        /** The field's class in the page: {@code full}, {@code masked} or {@code hidden}. */
        public String cssClass() {
            return state.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A party of the waybill with its fields. */
    record Party(String label, List<Field> fields) {
    }

    /** One waybill as the view decided by the field policy shows it, with the watermark of this access. */
    record Result(String waybillNo, String status, String route, String weightGrams, String category, String viewName,
                  boolean tracking, String accessed, List<Party> parties, String watermark) {
    }
}
