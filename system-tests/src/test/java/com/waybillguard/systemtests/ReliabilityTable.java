package com.waybillguard.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The figures of the fault tests ({@link FaultsIT}), one markdown row per scenario, printed and appended to
 * {@code system-tests/target/reliability.md} (copied into the README's "Reliability" section).
 */
final class ReliabilityTable {

    private static final Path FILE = Path.of(System.getProperty("wg.repo.root", ".."))
            .resolve("system-tests/target/reliability.md");
    private static final List<String> HEADER = List.of(
            "| scenario | requests sent | errors during the fault: expected / unexpected | events lost | duplicates "
                    + "| recorded, not delivered | recovery |",
            "|---|---|---|---|---|---|---|");

    private ReliabilityTable() {
    }

    /** Starts the file afresh with the table's header. */
    static void begin() {
        write(HEADER, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** One scenario's row. */
    record Row(String scenario, int requests, int expectedErrors, int unexpectedErrors, int lost, int duplicates,
               int recordedNotDelivered, String recovery) {

        String markdown() {
            return "| " + scenario + " | " + requests + " | " + expectedErrors + " / " + unexpectedErrors + " | "
                    + lost + " | " + duplicates + " | " + recordedNotDelivered + " | " + recovery + " |";
        }
    }

    static void add(Row row) {
        System.out.println("[reliability] " + row.markdown());
        write(List.of(row.markdown()), StandardOpenOption.APPEND);
    }

    private static void write(List<String> lines, StandardOpenOption mode) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.write(FILE, lines, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE, e);
        }
    }
}
