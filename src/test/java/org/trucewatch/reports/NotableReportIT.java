package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Commands;
import org.trucewatch.support.Poll;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * The notable incidents of a monthly report (issue 16: "the notable incidents the chair selected,
 * with a summary"; "public: no incident-level detail unless the chair marks an incident
 * publishable"): each audience's section names those the access policy lets it, as they were
 * marked at the cut-off, with reference, observed time, category, finding, attributed party and
 * summary, in JSON, HTML, PDF (pdftotext, Arabic in logical order), CSV and XLSX; the HTML and PDF
 * list no incident otherwise, while the map still draws every one; marks made, changed or withdrawn
 * after the report leave it byte for byte as issued, and a correction takes them as they then stand.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotableReportIT implements PostgisFixture {
    static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    @Inject
    ReportContent contents;

    private double lon = 35.1;

    private String incident(Api monitor, String mechanism, String category, String observedAt) {
        lon += 0.05;
        return Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?::uuid",
                ReportFiles.submit(monitor, mechanism, lon, category, observedAt));
    }

    private static void mark(Api chair, String incident, String summary, boolean publishable) {
        Api.Answer a = chair.put("/api/v1/incidents/" + incident + "/notable", JSON, "{\"summary\":\"" + summary
                + "\",\"publishable\":" + publishable + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
    }

    private static String reference(String incident) {
        return Rows.text("SELECT reference FROM incident WHERE id = ?::uuid", incident);
    }

    private static List<String> references(JsonNode notable) {
        List<String> out = new ArrayList<>();
        notable.forEach(n -> out.add(n.path("reference").asText()));
        return out;
    }

    private byte[] download(Api api, String path) throws Exception {
        var r = ReportFiles.download(server.getURI(), api, path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    @Test
    void eachAudienceNamesTheNotableIncidentsThePolicyGivesItAsMarkedAtTheCutOff() throws Exception {
        String m = "notable-" + UUID.randomUUID().toString().substring(0, 8);
        mechanisms.load(TestProtocols.lebanonLike(m), "test");
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        Api monitor = users.as(m + "-monitor", grant("monitor", m));
        Api chair = users.as(m + "-chair", grant("chair", m));
        Api party = users.as(m + "-delegate", delegate(m, "PARTY-A"));
        // March 2026 in Beirut (+02 until the 29th).
        String a = incident(monitor, m, "EXPLOSION", "2026-03-05T10:00:00+02:00");   // public, with a finding
        String b = incident(monitor, m, "SMALL_ARMS_FIRE", "2026-03-06T10:00:00+02:00");   // not for the public
        String s = incident(monitor, m, "SEXUAL_VIOLENCE", "2026-03-07T10:00:00+02:00");   // "publishable", but sensitive
        String c = incident(monitor, m, "EXPLOSION", "2026-03-08T10:00:00+02:00");   // marked, then withdrawn
        String d = incident(monitor, m, "EXPLOSION", "2026-03-09T10:00:00+02:00");   // marked, then changed
        String e = incident(monitor, m, "EXPLOSION", "2026-03-10T10:00:00+02:00");   // marked after the report
        String april = incident(monitor, m, "EXPLOSION", "2026-04-10T10:00:00+03:00");
        for (String to : List.of("triaged", "under_verification")) {
            assertThat(chair.post("/api/v1/incidents/" + a + "/transitions", JSON, "{\"to\":\"" + to + "\"}").status())
                    .isEqualTo(200);
        }
        assertThat(chair.post("/api/v1/incidents/" + a + "/transitions", JSON, "{\"to\":\"finding_recorded\","
                + "\"finding\":\"violation_confirmed\",\"party\":\"PARTY-A\"}").status()).isEqualTo(200);
        // Words without hyphens, so that pdftotext, which joins a word hyphenated at a line's end, gives them back.
        String tag = m.substring(m.indexOf('-') + 1);
        String summaryA = "Shelling of the school at Marwahin " + tag;
        String summaryD = "قصف قرب الخط الأزرق";
        mark(chair, a, summaryA, true);
        mark(chair, b, "Rifle fire at the patrol " + m, false);
        mark(chair, s, "Case of the sensitive kind " + m, true);
        mark(chair, c, "Withdrawn before the report " + m, true);
        assertThat(chair.send("DELETE", "/api/v1/incidents/" + c + "/notable").status()).isEqualTo(200);
        mark(chair, d, "First words " + m, false);
        mark(chair, d, summaryD, false);
        mark(chair, april, "In April " + m, true);
        Poll.until("every incident numbered", Duration.ofSeconds(10), () -> Rows.count(
                "SELECT count(*) FROM incident WHERE mechanism_code = ? AND reference IS NULL", m), n -> n == 0);

        Api.Answer issued = chair.post("/api/v1/mechanisms/" + m + "/reports", JSON, "{\"kind\":\"monthly\",\"period\":\"2026-03\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String id = issued.json().path("id").asText();
        String reports = "/api/v1/mechanisms/" + m + "/reports/" + id;

        // Internal: every notable one, in the order observed; parties: none of a sensitive category; public: the publishable.
        JsonNode internal = chair.get(reports).json().path("content");
        assertThat(references(internal.path("notable"))).containsExactly(reference(a), reference(b), reference(s), reference(d));
        JsonNode first = internal.path("notable").get(0);
        assertThat(first.path("observedAt").asText()).isEqualTo("2026-03-05T08:00:00Z");
        assertThat(first.path("category").asText()).isEqualTo("EXPLOSION");
        assertThat(first.path("finding").asText()).isEqualTo("violation_confirmed");
        assertThat(first.path("attributedParty").asText()).isEqualTo("PARTY-A");
        assertThat(first.path("summary").asText()).isEqualTo(summaryA);
        assertThat(internal.path("notable").get(3).path("summary").asText()).isEqualTo(summaryD);
        assertThat(internal.has("incidents")).isFalse();
        // The map still draws every incident of the month, as compact [lon, lat] pairs.
        assertThat(internal.path("points")).hasSize(6);
        assertThat(internal.path("points").get(0).isArray()).isTrue();
        JsonNode parties = party.get(reports).json().path("content");
        assertThat(references(parties.path("notable"))).containsExactly(reference(a), reference(b), reference(d));
        assertThat(parties.path("points")).hasSize(5);
        String pub = party.get(reports + "?audience=public").body();
        JsonNode publicSection = MAPPER.readTree(pub).path("content");
        assertThat(references(publicSection.path("notable"))).containsExactly(reference(a));
        assertThat(publicSection.path("points")).isEmpty();
        for (String hidden : List.of(reference(b), reference(s), reference(c), reference(d), reference(e), b, s, "Rifle fire",
                "sensitive kind", summaryD)) {
            assertThat(pub).doesNotContain(hidden);
        }

        // HTML and PDF: the notable incidents, and no list of every incident (the old table named each id).
        String html = new String(download(chair, reports + ".html"), StandardCharsets.UTF_8);
        assertThat(html).contains("<h2>notable</h2>").contains(summaryA).contains("dir=\"auto\">" + summaryD + "</td>");
        for (String unlisted : List.of(a, b, c, d, e, reference(c), reference(e))) {
            assertThat(html).doesNotContain(unlisted);
        }
        Path dir = Files.createDirectories(Path.of("target", "notable-report-it"));
        Files.write(dir.resolve("internal-ar.pdf"), download(chair, reports + ".pdf?lang=ar"));
        // The summary runs across the page under its incident's line: its words in order, however the lines fall.
        String text = ReportPdfTest.logicalText(dir.resolve("internal-ar.pdf")).replaceAll("\\s+", " ");
        assertThat(text).contains(summaryA).contains(reference(a));
        assertThat(ReportPdfTest.arabicWords(text)).contains(ReportPdfTest.arabicWords(summaryD));
        String images = Commands.run(dir, "pdfimages", "-list", "internal-ar.pdf");
        assertThat(images.lines().map(l -> l.trim().split("\\s+")).filter(x -> x.length > 2 && x[2].equals("image")).count())
                .as("the chart and the map").isEqualTo(2);
        Files.write(dir.resolve("public-en.pdf"), download(party, reports + ".pdf?audience=public&lang=en"));
        String publicText = ReportPdfTest.logicalText(dir.resolve("public-en.pdf")).replaceAll("\\s+", " ");
        assertThat(publicText).contains(summaryA).doesNotContain("Rifle fire").doesNotContain(reference(b));

        // CSV and XLSX: the same table.
        String csv = new String(download(party, reports + ".csv?audience=public"), StandardCharsets.UTF_8);
        assertThat(csv).contains("\r\nnotable," + reference(a) + ",2026-03-05T08:00:00Z,").contains(summaryA);
        assertThat(csv.lines().filter(l -> l.startsWith("notable,"))).hasSize(1);
        String sheet = unzipped(download(chair, reports + ".xlsx"));
        assertThat(sheet).contains(summaryA).contains(summaryD).contains(reference(s));

        // Marks made, changed or withdrawn after the report leave it as issued, byte for byte.
        String stored = Rows.text("SELECT content FROM issued_report WHERE id = ?::uuid", id);
        byte[] csvBefore = download(chair, reports + ".csv");
        byte[] htmlBefore = download(chair, reports + ".html");
        byte[] publicBefore = download(party, reports + "?audience=public");
        Instant cutoff = Instant.now();
        mark(chair, e, "Marked after the report " + m, true);
        assertThat(chair.send("DELETE", "/api/v1/incidents/" + a + "/notable").status()).isEqualTo(200);
        mark(chair, b, "Rifle fire at the patrol, now public " + m, true);
        assertThat(Rows.text("SELECT content FROM issued_report WHERE id = ?::uuid", id)).isEqualTo(stored);
        assertThat(download(chair, reports + ".csv")).isEqualTo(csvBefore);
        assertThat(download(chair, reports + ".html")).isEqualTo(htmlBefore);
        assertThat(download(party, reports + "?audience=public")).isEqualTo(publicBefore);

        // Counted again as of the same cut-off, the marks are those of then; as of now, those of now.
        MechanismProtocol p = mechanisms.protocol(m).orElseThrow();
        Instant start = MonthlyReports.start(YearMonth.of(2026, 3), p.zone());
        Instant end = MonthlyReports.start(YearMonth.of(2026, 4), p.zone());
        JsonNode then = MAPPER.readTree(contents.monthly(p, null, "2026-03", start, end, cutoff)).path("audiences");
        assertThat(then.path("internal").path("notable")).isEqualTo(internal.path("notable"));
        assertThat(then.path("public").path("notable")).isEqualTo(publicSection.path("notable"));
        Api.Answer corrected = chair.post("/api/v1/mechanisms/" + m + "/reports", JSON, "{\"kind\":\"monthly\","
                + "\"period\":\"2026-03\",\"corrects\":\"" + id + "\"}");
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(201);
        String v2 = "/api/v1/mechanisms/" + m + "/reports/" + corrected.json().path("id").asText();
        assertThat(references(chair.get(v2).json().path("content").path("notable")))
                .containsExactly(reference(b), reference(s), reference(d), reference(e));
        assertThat(references(party.get(v2 + "?audience=public").json().path("content").path("notable")))
                .containsExactly(reference(b), reference(e));
    }

    /** Every entry of a zip (an XLSX) as text, read through its central directory as spreadsheet tools read it, references decoded. */
    private static String unzipped(byte[] zip) throws Exception {
        Path copy = Files.createTempFile(Files.createDirectories(Path.of("target", "notable-report-it")), "sheet-", ".xlsx");
        Files.write(copy, zip);
        StringBuilder out = new StringBuilder();
        try (ZipFile file = new ZipFile(copy.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                try (var in = file.getInputStream(entry)) {
                    out.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        // The sheets write non-ASCII text as XML character references (&#x642;).
        return java.util.regex.Pattern.compile("&#x([0-9a-fA-F]+);").matcher(out)
                .replaceAll(r -> new String(Character.toChars(Integer.parseInt(r.group(1), 16))));
    }
}
