package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Commands;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * The daily situation report in the monthly report's formats and audiences: the chair's staff get
 * the internal figures, a delegate the parties' (never the internal ones), anyone the public's with
 * small cells suppressed, and each the incident the chair marked notable for the public with its
 * summary; HTML, a PDF that poppler opens with its fonts embedded and Arabic
 * searchable, CSV and XLSX, all rendered from the stored text; a bad lang is a 400 naming it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "trucewatch.reports.daily.enabled", value = "true")
@Property(name = "trucewatch.reports.daily.initial-delay", value = "1h")
class DailyReportFormatsIT implements PostgisFixture {
    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    @Inject
    DailyReports daily;

    @Test
    void aDailyReportIsServedInEveryFormatPerAudience() throws Exception {
        String m = "dailyfmt-" + UUID.randomUUID().toString().substring(0, 8);
        mechanisms.load(TestProtocols.lebanonLike(m)
                .replace("\"smallCellThreshold\": 3,", "\"smallCellThreshold\": 3,\n \"dailyReport\": {\"cutoff\": \"19:30\"},"), "test");
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        Api monitor = users.as(m + "-monitor", grant("monitor", m));
        Api chair = users.as(m + "-chair", grant("chair", m));
        Api party = users.as(m + "-delegate", delegate(m, "PARTY-A"));
        // 28 March 19:30 +02 to 29 March 19:30 +03 in Beirut: 23 hours across the clock change.
        ZoneId beirut = ZoneId.of("Asia/Beirut");
        ZonedDateTime end = ZonedDateTime.of(2026, 3, 29, 19, 30, 0, 0, beirut);
        double lon = 35.1;
        for (String at : new String[] {"2026-03-29T10:00:00+03:00", "2026-03-29T11:00:00+03:00"}) {
            lon += 0.3;
            ReportFiles.submit(monitor, m, lon, "EXPLOSION", at);
        }
        String fire = ReportFiles.submit(monitor, m, 35.9, "SMALL_ARMS_FIRE", "2026-03-29T12:00:00+03:00");
        // The chair marks it notable for the public: every audience's section names it, with its summary.
        String incident = Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?::uuid", fire);
        assertThat(chair.put("/api/v1/incidents/" + incident + "/notable", "application/json",
                "{\"summary\":\"Fire on the patrol near the post\",\"publishable\":true}").status()).isEqualTo(200);
        ReportFiles.submit(monitor, m, 36.1, "EXPLOSION", "2026-03-28T19:00:00+02:00");   // the day before
        MechanismProtocol p = mechanisms.protocol(m).orElseThrow();
        assertThat(daily.issue(p, new DailyReports.Period(end.minusDays(1).toInstant(), end.toInstant()))).isTrue();

        String reports = "/api/v1/mechanisms/" + m + "/reports";
        JsonNode listed = chair.get(reports).json().get(0);
        assertThat(listed.path("kind").asText()).isEqualTo("daily");
        String id = listed.path("id").asText();
        assertThat(listed.path("links").path("pdf").asText()).endsWith(id + ".pdf");
        assertThat(listed.path("links").path("xlsx").asText()).endsWith(id + ".xlsx");

        JsonNode internal = chair.get(reports + "/" + id).json();
        assertThat(internal.path("audience").asText()).isEqualTo("internal");
        assertThat(internal.path("period").asText()).isEqualTo("2026-03-29");
        assertThat(internal.path("content").path("totals").path("incidents").path("value").asLong()).isEqualTo(3);
        JsonNode parties = party.get(reports + "/" + id).json();
        assertThat(parties.path("audience").asText()).isEqualTo("parties");
        assertThat(parties.path("content").path("totals").path("incidents").path("value").asLong()).isEqualTo(3);
        assertThat(party.get(reports + "/" + id + "?audience=internal").status()).isEqualTo(403);
        // The day before (27 March 19:30 to 28 March 19:30, counted independently) and the change.
        long before = Rows.count("SELECT count(*) FROM incident WHERE mechanism_code = ? AND observed_at >= ? AND observed_at < ?",
                m, end.minusDays(2).toOffsetDateTime(), end.minusDays(1).toOffsetDateTime());
        assertThat(before).isEqualTo(1);
        JsonNode totals = internal.path("content").path("totals").path("incidents");
        assertThat(totals.path("previous").asLong()).isEqualTo(before);
        assertThat(totals.path("change").asLong()).isEqualTo(3 - before);
        // The monthly report's tables, the map's points and the last 30 days' series are the daily report's too.
        JsonNode content = internal.path("content");
        assertThat(content.path("categoryByZone").path("total").path("values").path("incidents").path("value").asLong())
                .isEqualTo(3);
        assertThat(content.path("categoryByZone").path("workflow").isArray()).as("the workflow figures").isTrue();
        assertThat(content.path("byParty").path("total").path("values").path("incidents").path("value").asLong()).isEqualTo(3);
        assertThat(content.path("findings").path("rows").isArray()).isTrue();
        assertThat(content.path("points").size()).as("every incident of the day on the map").isEqualTo(3);
        assertThat(content.path("daily").size()).as("the chart's 30 days").isGreaterThanOrEqualTo(30);

        // The public's figures: 2 explosions and 1 small-arms fire are small cells, suppressed.
        String csv = new String(ReportFiles.download(server.getURI(), party, reports + "/" + id + ".csv?audience=public")
                .body(), StandardCharsets.UTF_8);
        assertThat(csv).contains("byCategory", "<3", "Fire on the patrol near the post");
        assertThat(parties.path("content").path("notable").get(0).path("summary").asText())
                .isEqualTo("Fire on the patrol near the post");
        for (String line : csv.split("\r\n")) {
            String[] cells = line.split(",");
            for (int c = 1; c < cells.length; c++) {
                assertThat(cells[c]).as(line).isNotIn("1", "2");
            }
        }
        // The list as the public gets it (the statistics page's public view): links that ask for that audience.
        JsonNode forPublic = party.get(reports + "?audience=public").json().get(0);
        assertThat(forPublic.path("audience").asText()).isEqualTo("public");
        assertThat(forPublic.path("links").path("csv").asText()).endsWith(id + ".csv?audience=public");
        assertThat(new String(ReportFiles.download(server.getURI(), party, forPublic.path("links").path("csv").asText())
                .body(), StandardCharsets.UTF_8)).isEqualTo(csv);
        assertThat(party.get(reports + "?audience=internal").status()).isEqualTo(403);
        Api.Answer badAudience = party.get(reports + "?audience=everyone");
        assertThat(badAudience.status()).isEqualTo(400);
        assertThat(badAudience.json().path("errors").get(0).path("parameter").asText()).isEqualTo("audience");
        String html = new String(ReportFiles.download(server.getURI(), chair, reports + "/" + id + ".html").body(),
                StandardCharsets.UTF_8);
        assertThat(html).contains("daily report 2026-03-29", "byCategory", "Explosion", "audience: internal");
        HttpResponse<byte[]> xlsx = ReportFiles.download(server.getURI(), chair, reports + "/" + id + ".xlsx");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(new String(xlsx.body(), 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");

        HttpResponse<byte[]> pdf = ReportFiles.download(server.getURI(), chair, reports + "/" + id + ".pdf?lang=ar");
        assertThat(pdf.statusCode()).isEqualTo(200);
        Path dir = Files.createDirectories(Path.of("target", "daily-report-formats-it"));
        Files.write(dir.resolve("daily.pdf"), pdf.body());
        assertThat(Commands.run(dir, "pdfinfo", "daily.pdf")).contains("Pages:");
        assertThat(Commands.run(dir, "pdfimages", "-list", "daily.pdf").lines().skip(2).count())
                .as("the chart and the map are in the PDF").isGreaterThanOrEqualTo(2);
        String fonts = Commands.run(dir, "pdffonts", "daily.pdf");
        assertThat(fonts).contains("DejaVu");
        fonts.lines().skip(2).forEach(l -> assertThat(l).as(fonts).contains(" yes "));
        assertThat(ReportPdfTest.arabicWords(ReportPdfTest.logicalText(dir.resolve("daily.pdf")))).contains("انفجار");

        Api.Answer badLang = chair.get(reports + "/" + id + ".html?lang=de");
        assertThat(badLang.status()).isEqualTo(400);
        assertThat(badLang.contentType()).startsWith("application/problem+json");
        assertThat(badLang.json().path("errors").get(0).path("parameter").asText()).isEqualTo("lang");
    }
}
