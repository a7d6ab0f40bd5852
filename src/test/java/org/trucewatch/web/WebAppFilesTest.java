package org.trucewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web app's files agree with each other: every string the scripts ask for exists in
 * English, every language has every string with the same placeholders, and the service
 * worker keeps only files that exist (one missing file makes its installation fail, and
 * the app would then not open offline).
 */
class WebAppFilesTest {
    private static final Path APP = Path.of(System.getProperty("project.basedir", "."), "src/main/resources/public");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LITERAL_KEY = Pattern.compile("\\bt\\('([A-Za-z.]+)'");
    private static final Pattern DATA_KEY = Pattern.compile("data-i18n(?:-placeholder)?\"?'?\\s*[=:]\\s*['\"]([A-Za-z.]+)['\"]");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    private static JsonNode strings(String lang) throws IOException {
        return JSON.readTree(APP.resolve("i18n/" + lang + ".json").toFile());
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> out = new TreeSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void everyStringTheScriptsAskForExistsInEnglish() throws IOException {
        Set<String> english = keys(strings("en"));
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(APP.resolve("js"))) {
            for (Path f : files.toList()) {
                String source = Files.readString(f);
                for (Pattern p : List.of(LITERAL_KEY, DATA_KEY)) {
                    Matcher m = p.matcher(source);
                    while (m.find()) {
                        if (!m.group(1).endsWith(".") && !english.contains(m.group(1))) {
                            missing.add(f.getFileName() + ": " + m.group(1));
                        }
                    }
                }
            }
        }
        Matcher m = DATA_KEY.matcher(Files.readString(APP.resolve("index.html")));
        while (m.find()) {
            if (!english.contains(m.group(1))) {
                missing.add("index.html: " + m.group(1));
            }
        }
        assertThat(missing).isEmpty();
    }

    /**
     * The codes the service sends whose labels are the app's own strings. Statuses, findings and
     * positions are labelled by the service itself (GET /api/v1/vocabulary, checked in every
     * language by IncidentVocabularyIT), so the app has no strings for them.
     */
    @Test
    void everyCodeTheServiceSendsHasItsLabel() throws IOException {
        Set<String> english = keys(strings("en"));
        List<String> needed = new ArrayList<>();
        for (org.trucewatch.mechanisms.IncidentStatus s : org.trucewatch.mechanisms.IncidentStatus.values()) {
            // A move the chair makes with a button (the finding has its form, escalation its own action).
            for (org.trucewatch.mechanisms.IncidentStatus next : s.next()) {
                if (!next.recordsFinding()) {
                    needed.add("action.to." + next.code());
                }
            }
        }
        for (org.trucewatch.zones.model.ZoneType z : org.trucewatch.zones.model.ZoneType.values()) {
            needed.add("zone." + z.code());
        }
        for (org.trucewatch.zones.model.Relation r : org.trucewatch.zones.model.Relation.values()) {
            needed.add("relation." + r.code());
        }
        for (org.trucewatch.zones.ImportZonesReport.Outcome o : org.trucewatch.zones.ImportZonesReport.Outcome.values()) {
            needed.add("outcome." + o.name().toLowerCase());
        }
        for (org.trucewatch.access.Role r : org.trucewatch.access.Role.values()) {
            needed.add("role." + r.code());
        }
        assertThat(english).containsAll(needed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "es", "ar"})
    void everyLanguageHasEveryStringWithItsPlaceholders(String lang) throws IOException {
        JsonNode en = strings("en");
        JsonNode other = strings(lang);
        assertThat(keys(other)).isEqualTo(keys(en));
        for (String key : keys(en)) {
            assertThat(placeholders(other.path(key).asText())).as(lang + " " + key)
                    .isEqualTo(placeholders(en.path(key).asText()));
            assertThat(other.path(key).asText()).as(lang + " " + key).isNotBlank();
        }
    }

    private static Set<String> placeholders(String s) {
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(s);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theServiceWorkerKeepsOnlyFilesThatExistAndEveryScript() throws IOException {
        String sw = Files.readString(APP.resolve("sw.js"));
        String list = sw.substring(sw.indexOf("const SHELL = ["), sw.indexOf("];", sw.indexOf("const SHELL = [")));
        Matcher m = Pattern.compile("'([^']+)'").matcher(list);
        Set<String> shell = new TreeSet<>();
        while (m.find()) {
            shell.add(m.group(1));
        }
        for (String file : shell) {
            if (file.equals("./")) {
                continue;
            }
            boolean exists = file.startsWith("lib/leaflet/")
                    ? getClass().getClassLoader().getResource("META-INF/resources/webjars/leaflet/1.9.4/dist/"
                    + file.substring("lib/leaflet/".length())) != null
                    : Files.isRegularFile(APP.resolve(file));
            assertThat(exists).as(file).isTrue();
        }
        try (Stream<Path> scripts = Files.list(APP.resolve("js"))) {
            for (Path script : scripts.toList()) {
                assertThat(shell).as("kept for offline use").contains("js/" + script.getFileName());
            }
        }
    }

    @Test
    void theBaseMapIsTheWorldsCountries() throws IOException {
        JsonNode fc = JSON.readTree(APP.resolve("basemap/countries-50m.json").toFile());
        assertThat(fc.path("type").asText()).isEqualTo("FeatureCollection");
        assertThat(fc.path("features").size()).isGreaterThan(200);
        List<String> names = new ArrayList<>();
        fc.path("features").forEach(f -> names.add(f.path("properties").path("name").asText()));
        assertThat(names).contains("Lebanon", "Colombia", "Israel", "Syria");
    }
}
