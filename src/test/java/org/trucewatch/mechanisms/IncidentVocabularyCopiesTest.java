package org.trucewatch.mechanisms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing but the enums lists the workflow's codes: no SQL in a repository and no script of
 * the web app names a status, finding or position as a literal (SQL asks the functions of
 * migration V21, the app reads GET /api/v1/vocabulary). The app's colours are keyed by status,
 * and must colour exactly the statuses there are.
 */
class IncidentVocabularyCopiesTest {
    private static final Path ROOT = Path.of(System.getProperty("project.basedir", "."));
    private static final Path JS = ROOT.resolve("src/main/resources/public/js");

    private static List<String> codes() {
        List<String> out = new ArrayList<>();
        Arrays.stream(IncidentStatus.values()).map(IncidentStatus::code).forEach(out::add);
        Arrays.stream(Finding.values()).map(Finding::code).forEach(out::add);
        Arrays.stream(PartyPosition.values()).map(PartyPosition::code).forEach(out::add);
        return out;
    }

    @Test
    void noJavaSourceOrScriptSpellsOutAWorkflowCode() throws IOException {
        Pattern quoted = Pattern.compile("[\"'](" + String.join("|", codes()) + ")[\"']");
        List<String> copies = new ArrayList<>();
        for (Path tree : List.of(ROOT.resolve("src/main/java"), JS)) {
            try (Stream<Path> files = Files.walk(tree)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".js")).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher m = quoted.matcher(lines.get(i));
                        while (m.find()) {
                            copies.add(ROOT.relativize(f) + ":" + (i + 1) + " " + m.group());
                        }
                    }
                }
            }
        }
        assertThat(copies).as("workflow codes written out instead of asked of IncidentStatus, Finding, PartyPosition")
                .isEmpty();
    }

    @Test
    void theAppColoursExactlyTheStatusesThereAre() throws IOException {
        String style = Files.readString(JS.resolve("style.js"));
        int start = style.indexOf("STATUS_COLOURS = {");
        String block = style.substring(start, style.indexOf("};", start));
        TreeSet<String> coloured = new TreeSet<>();
        Matcher m = Pattern.compile("(\\w+): '#[0-9a-f]{6}'").matcher(block);
        while (m.find()) {
            coloured.add(m.group(1));
        }
        assertThat(coloured).isEqualTo(new TreeSet<>(Arrays.stream(IncidentStatus.values()).map(IncidentStatus::code).toList()));
    }
}
