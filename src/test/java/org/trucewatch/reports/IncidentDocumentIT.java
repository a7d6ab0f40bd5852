package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Commands;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * The incident report document: the chair's copy holds the facts, the sources, the casualties by
 * sex and age, the analysis and recommendation, the parties' positions, the finding and the
 * timeline, as HTML and as a PDF that poppler opens, with its fonts embedded and Arabic searchable
 * in logical order; a delegate's copy holds none of the confidential source details or staff notes;
 * someone who does not see the incident gets the incident route's 404; a bad lang or level is a 400
 * naming the parameter.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentDocumentIT implements PostgisFixture {
    private static final String SOURCE = "Mukhtar Abu Said of Aitaroun";
    private static final String NOTES = "met behind the mosque after dark";
    private static final String STAFF_NOTE = "call the mukhtar again tomorrow";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    private String m;
    private Api chair;
    private Api party;
    private Api outsider;
    private String monitorName;
    private String incident;

    @BeforeAll
    void setUp() {
        m = "incdoc-" + UUID.randomUUID().toString().substring(0, 8);
        mechanisms.load(TestProtocols.lebanonLike(m), "test");
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitorName = users.create(m + "-monitor", grant("monitor", m));
        Api monitor = users.signIn(monitorName);
        chair = users.as(m + "-chair", grant("chair", m));
        party = users.as(m + "-delegate", delegate(m, "PARTY-A"));
        String other = "incdoc-other-" + UUID.randomUUID().toString().substring(0, 8);
        mechanisms.load(TestProtocols.lebanonLike(other), "test");
        outsider = users.as(other + "-chair", grant("chair", other));

        String source = "{\"type\":\"PARTY_COMPLAINT\",\"reliability\":\"C\",\"identity\":\"" + SOURCE
                + "\",\"notes\":\"" + NOTES + "\"}";
        Api.Answer report = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(35.41, 33.21)
                .withText("mechanism", m).withText("category", "INDIRECT_FIRE").with("count", "3")
                .withText("description", "Three rounds impacted north of the school")
                .with("casualties", "{\"civiliansKilled\":3,\"womenKilled\":1,\"girlsKilled\":2,\"civiliansInjured\":4}")
                .with("source", source).json());
        assertThat(report.status()).as(report.toString()).isEqualTo(201);
        incident = Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?",
                UUID.fromString(report.json().path("id").asText()));
        for (String to : new String[] {"triaged", "under_verification"}) {
            assertThat(chair.post(path("/transitions"), "application/json", "{\"to\":\"" + to + "\"}").status()).isEqualTo(200);
        }
        assertThat(chair.post(path("/comments"), "application/json", "{\"text\":\"" + STAFF_NOTE + "\"}").status())
                .isEqualTo(200);
        Api.Answer tooLong = chair.post(path("/transitions"), "application/json", "{\"to\":\"finding_recorded\","
                + "\"finding\":\"violation_confirmed\",\"party\":\"PARTY-B\",\"analysis\":\"" + "x".repeat(20001) + "\"}");
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(422);
        assertThat(tooLong.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/analysis");
        Api.Answer found = chair.post(path("/transitions"), "application/json", "{\"to\":\"finding_recorded\","
                + "\"finding\":\"violation_confirmed\",\"party\":\"PARTY-B\",\"summary\":\"fired from the south\","
                + "\"analysis\":\"Crater analysis gives a bearing of 190 degrees\","
                + "\"recommendation\":\"Remind PARTY-B of its obligations\"}");
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.json().path("finding").path("analysis").asText()).startsWith("Crater analysis");
        assertThat(party.post(path("/positions"), "application/json",
                "{\"party\":\"PARTY-A\",\"position\":\"disputes\",\"statement\":\"no unit of ours was there\"}").status())
                .isEqualTo(200);
    }

    private String path(String rest) {
        return "/api/v1/incidents/" + incident + rest;
    }

    private HttpResponse<byte[]> download(Api api, String path) throws Exception {
        return ReportFiles.download(server.getURI(), api, path);
    }

    private static String run(Path dir, String... command) throws Exception {
        return Commands.run(dir, command);
    }

    @Test
    void theChairsCopyHoldsEverySectionInHtmlAndPdf() throws Exception {
        HttpResponse<byte[]> html = download(chair, path("/document.html"));
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String page = new String(html.body(), StandardCharsets.UTF_8);
        assertThat(page).contains("<h2>Facts</h2>", "<h2>Information gathered</h2>", "<h2>Casualties</h2>",
                "<h2>Analysis</h2>", "<h2>Recommendation</h2>", "<h2>Finding</h2>", "<h2>Timeline</h2>");
        assertThat(page).contains("35.41000, 33.21000", "Indirect", "Three rounds impacted north of the school");
        assertThat(page).contains(SOURCE, NOTES, monitorName, STAFF_NOTE);
        assertThat(page).contains("<th>Women</th>", "<th>Girls</th>", "<td>1</td>", "<td>2</td>", "<td>4</td>");
        assertThat(page).contains("Crater analysis gives a bearing of 190 degrees", "Remind PARTY-B of its obligations");
        assertThat(page).contains("Violation confirmed", "fired from the south", "Disputes", "no unit of ours was there");
        assertThat(page).contains("Status changed", "Under verification", "Finding recorded");

        HttpResponse<byte[]> pdf = download(chair, path("/document.pdf"));
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pdf");
        Path dir = Files.createDirectories(Path.of("target", "incident-document-it"));
        Files.write(dir.resolve("chair.pdf"), pdf.body());
        assertThat(run(dir, "pdfinfo", "chair.pdf")).contains("Pages:");
        String fonts = run(dir, "pdffonts", "chair.pdf");
        assertThat(fonts).contains("DejaVu");
        // pdffonts' "emb" column: every font embedded.
        fonts.lines().skip(2).forEach(l -> assertThat(l).as(fonts).contains(" yes "));
        // NFKC undoes the ligatures the renderer draws ("ﬁ"); table cells wrap, so words are compared one space apart.
        String text = ReportPdfTest.logicalText(dir.resolve("chair.pdf")).replaceAll("\\s+", " ");
        assertThat(text).contains("Facts", "Mukhtar", "Disputes", "Violation confirmed", "Timeline");

        HttpResponse<byte[]> arabic = download(chair, path("/document.pdf?lang=ar"));
        assertThat(arabic.statusCode()).isEqualTo(200);
        Files.write(dir.resolve("chair-ar.pdf"), arabic.body());
        String words = ReportPdfTest.arabicWords(ReportPdfTest.logicalText(dir.resolve("chair-ar.pdf")));
        assertThat(words).contains("المعلومات المجمعة", "انتهاك مؤكد");
        assertThat(new String(download(chair, path("/document.html?lang=ar")).body(), StandardCharsets.UTF_8))
                .contains("dir=\"rtl\"", "الوقائع");
    }

    @Test
    void aDelegatesCopyHoldsNoConfidentialSourceNorStaffNote() throws Exception {
        HttpResponse<byte[]> html = download(party, path("/document.html"));
        assertThat(html.statusCode()).isEqualTo(200);
        String page = new String(html.body(), StandardCharsets.UTF_8);
        assertThat(page).contains("<h2>Facts</h2>", "PARTY_COMPLAINT", "no unit of ours was there", "Violation confirmed",
                "redacted");
        assertThat(page).doesNotContain(SOURCE).doesNotContain(NOTES).doesNotContain(monitorName)
                .doesNotContain(STAFF_NOTE).doesNotContain(m + "-chair");

        HttpResponse<byte[]> pdf = download(party, path("/document.pdf"));
        assertThat(pdf.statusCode()).isEqualTo(200);
        Path dir = Files.createDirectories(Path.of("target", "incident-document-it"));
        Files.write(dir.resolve("delegate.pdf"), pdf.body());
        String text = ReportPdfTest.logicalText(dir.resolve("delegate.pdf")).replaceAll("\\s+", " ");
        assertThat(text).contains("Facts", "Disputes");
        assertThat(text).doesNotContain("Mukhtar").doesNotContain("mosque").doesNotContain(monitorName)
                .doesNotContain("tomorrow");
    }

    @Test
    void someoneWhoDoesNotSeeTheIncidentGetsTheIncidentRoutes404() {
        Api.Answer incidentRoute = outsider.get(path(""));
        assertThat(incidentRoute.status()).isEqualTo(404);
        for (String format : new String[] {"html", "pdf"}) {
            Api.Answer document = outsider.get(path("/document." + format));
            assertThat(document.status()).isEqualTo(404);
            assertThat(document.contentType()).startsWith("application/problem+json");
            assertThat(document.json().path("type")).isEqualTo(incidentRoute.json().path("type"));
            assertThat(document.json().path("detail")).isEqualTo(incidentRoute.json().path("detail"));
        }
        assertThat(outsider.get("/api/v1/incidents/" + UUID.randomUUID() + "/document.html").status()).isEqualTo(404);
        assertThat(chair.get(path("/document.docx")).status()).isEqualTo(404);
    }

    @Test
    void aBadLanguageOrLevelIs400NamingTheParameter() {
        for (String[] bad : new String[][] {{"lang=de", "lang"}, {"level=nowhere", "level"}}) {
            Api.Answer refused = chair.get(path("/document.html?" + bad[0]));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().path("errors").get(0).path("parameter").asText()).isEqualTo(bad[1]);
        }
        assertThat(chair.get(path("/document.html?level=tripartite&lang=fr")).status()).isEqualTo(200);
    }
}
