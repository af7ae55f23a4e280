package com.waybillguard.audit.rest;

import com.waybillguard.audit.domain.ProblemException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzing the query parameter parsers (jqwik, bounded tries, about a second): whatever text arrives as a page, a size,
 * a sequence number, an instant or a cursor, the parser returns a value inside its range or refuses with a 400
 * problem; never another exception (which would be a 500), never a value PostgreSQL cannot store.
 */
class QueryParamsFuzzTest {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    @Property(tries = 3000)
    void aNumberIsInItsRangeOrAProblem(@ForAll("numbers") String text) {
        try {
            long size = QueryParams.number("size", text, 50, 1, 500);
            assertTrue(size >= 1 && size <= 500, text + " -> " + size);
            assertFalse(text != null && !text.isBlank() && text.strip().chars().anyMatch(c -> c > 127),
                    "digits of another script were taken: " + text);
        } catch (ProblemException refused) {
            assertTrue(refused.getMessage() == null || !refused.getMessage().contains("Exception"));
        }
    }

    @Property(tries = 3000)
    void anInstantIsStorableOrAProblem(@ForAll("instants") String text) {
        try {
            Instant parsed = QueryParams.instant("from", text);
            assertTrue(parsed == null || !parsed.isBefore(EARLIEST) && !parsed.isAfter(LATEST), text + " -> " + parsed);
        } catch (ProblemException refused) {
            // a 400 problem: fine
        }
    }

    @Property(tries = 3000)
    void aCursorIsStorableOrAProblem(@ForAll("cursors") String text) {
        try {
            QueryParams.Cursor cursor = QueryParams.cursor(text);
            assertTrue(cursor == null || cursor.seq() > 0 && !cursor.occurredAt().isBefore(EARLIEST)
                    && !cursor.occurredAt().isAfter(LATEST), text + " -> " + cursor);
        } catch (ProblemException refused) {
            // a 400 problem: fine
        }
    }

    @Provide
    Arbitrary<String> numbers() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789+- \u0661\uFF11e.x").ofMaxLength(25),
                Arbitraries.strings().all().ofMaxLength(30), Arbitraries.longs().map(String::valueOf));
    }

    @Provide
    Arbitrary<String> instants() {
        Arbitrary<String> shaped = Arbitraries.strings().withChars("0123456789-+:TZ.\uFF12 ").ofMaxLength(40);
        Arbitrary<String> years = Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L)
                .map(y -> (y > 9999 ? "+" : "") + String.format("%04d", y) + "-06-15T12:00:00Z");
        return Arbitraries.oneOf(shaped, years, Arbitraries.strings().all().ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> cursors() {
        return Arbitraries.oneOf(instants().flatMap(i -> Arbitraries.strings().withChars("0123456789-_\u0661")
                .ofMaxLength(22).map(s -> i + "_" + s)), Arbitraries.strings().all().ofMaxLength(60));
    }
}
