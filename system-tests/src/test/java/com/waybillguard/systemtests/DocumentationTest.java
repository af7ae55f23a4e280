package com.waybillguard.systemtests;

import com.waybillguard.testsupport.ConfigurationDocs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documents of the repository stand alone and tell the truth about its configuration: every relative
 * link resolves inside the repository (file and heading), nothing points at files outside it, and the
 * README's configuration tables name every variable the launcher and the services read.
 */
class DocumentationTest {

    private static final Path ROOT = Path.of(System.getProperty("wg.repo.root", "..")).toAbsolutePath().normalize();
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", ".mvn");
    private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern ENV_IN_JAVA = Pattern.compile("\"(WG_[A-Z0-9_]+)\"");
    private static final Pattern ENV_IN_SHELL = Pattern.compile("\\$\\{?(WG_[A-Z0-9_]+)");
    /** Names of the documents that stay outside the repository; spelled in parts so this file does not match. */
    private static final List<String> OUTSIDE_DOCUMENTS = List.of("DESIGN" + ".md", "STYLE" + ".md", "../" + "shared");

    @Test
    void everyRelativeLinkInAMarkdownFileResolvesInsideTheRepository() {
        List<Path> documents = files(".md");
        assertTrue(documents.size() >= 5, "found the Markdown files under " + ROOT + ": " + documents);
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            String text = read(document);
            for (Pattern pattern : List.of(LINK, IMAGE)) {
                Matcher link = pattern.matcher(withoutCodeBlocks(text));
                while (link.find()) {
                    String problem = check(document, link.group(1));
                    if (problem != null) {
                        broken.add(ROOT.relativize(document) + ": " + link.group(1) + " (" + problem + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "links that do not resolve inside the repository");
    }

    @Test
    void theLinkCheckFindsABrokenLinkAndAMissingHeading() throws IOException {
        Path dir = ROOT.resolve("system-tests/target/link-check");
        Files.createDirectories(dir);
        Path doc = Files.writeString(dir.resolve("doc.md"), "# Title\n\n## A heading\n");
        assertEquals(null, check(doc, "doc.md#a-heading"));
        assertEquals(null, check(doc, "#title"));
        assertEquals("no heading #nowhere in doc.md", check(doc, "#nowhere"));
        assertEquals("no such file", check(doc, "missing.md"));
        assertEquals("outside the repository", check(doc, "../../../../elsewhere.md"));
    }

    @Test
    void noFileOfTheRepositoryPointsAtDocumentsOutsideIt() {
        List<String> offenders = new ArrayList<>();
        for (String extension : List.of(".md", ".java", ".properties", ".sh", ".xml", ".json", ".yaml", ".lua", ".sql")) {
            for (Path file : files(extension)) {
                String text = read(file);
                for (String outside : OUTSIDE_DOCUMENTS) {
                    if (text.contains(outside)) {
                        offenders.add(ROOT.relativize(file) + " mentions " + outside);
                    }
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void theReadmeNamesEveryVariableTheLauncherAndTheServicesRead() {
        Set<String> read = new TreeSet<>();
        for (Path source : files(".java")) {
            if (source.startsWith(ROOT.resolve("local-stack/src/main"))) {
                collect(ENV_IN_JAVA, read(source), read);
            }
        }
        collect(ENV_IN_SHELL, read(ROOT.resolve("run.sh")), read);
        // a prefix such as "WG_DETECTION_" is documented as WG_DETECTION_*
        Set<String> named = new TreeSet<>();
        read.forEach(name -> named.add(name.endsWith("_") ? name + "*" : name));
        read.clear();
        read.addAll(named);
        assertTrue(read.contains("WG_DATA_DIR") && read.contains("WG_OIDC_URL"), "found the launcher's variables: " + read);
        for (String service : List.of("access-gateway", "waybill-service", "audit-service")) {
            read.addAll(ConfigurationDocs.environmentVariables(
                    ROOT.resolve(service + "/src/main/resources/application.properties")));
        }
        Set<String> documented = ConfigurationDocs.documented(ROOT.resolve("README.md"));
        assertEquals(Set.of(), ConfigurationDocs.undocumented(read, documented),
                "variables read by run.sh, the launcher or a service's application.properties but missing from"
                        + " the README's configuration tables");
    }

    @Test
    void theVariableCheckSeesAMissingVariable() throws IOException {
        Path dir = ROOT.resolve("system-tests/target/config-check");
        Files.createDirectories(dir);
        Path readme = Files.writeString(dir.resolve("README.md"),
                "| variable | default |\n|---|---|\n| `WG_ONE`, `wg.quota.roles.<role>.per-minute` | 1 |\n");
        Set<String> documented = ConfigurationDocs.documented(readme);
        assertEquals(Set.of("WG_TWO"), ConfigurationDocs.undocumented(List.of("WG_ONE", "WG_TWO"), documented));
        assertEquals(Set.of(), ConfigurationDocs.undocumented(List.of("wg.quota.roles.*.per-minute"), documented));
        assertFalse(documented.contains("variable"), "header cells are not back-ticked names");
    }

    /** Why a link target does not resolve, or {@code null} when it does. */
    private static String check(Path document, String target) {
        if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
            return null; // http:, https:, mailto: — not a file of the repository
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null && !anchor.isEmpty() && Files.isRegularFile(resolved)
                && resolved.toString().endsWith(".md") && !headings(read(resolved)).contains(anchor)) {
            return "no heading #" + anchor + " in " + resolved.getFileName();
        }
        return null;
    }

    /** The anchors a Markdown renderer gives the headings of a document. */
    private static Set<String> headings(String markdown) {
        Set<String> anchors = new TreeSet<>();
        for (String line : withoutCodeBlocks(markdown).split("\n")) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String text = heading.group(1).replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "");
                anchors.add(text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static String withoutCodeBlocks(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "");
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    private static List<Path> files(String extension) {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(extension))
                    .filter(p -> ROOT.relativize(p).toString().isEmpty()
                            || Stream.of(ROOT.relativize(p).toString().split("/")).noneMatch(SKIPPED_DIRECTORIES::contains))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
