package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Commands;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.ServiceInstances;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * The monthly consolidated report: a month of Asia/Beirut (not of UTC) counted as an
 * independent query counts it, issued on demand by the chair once (409 after), downloaded per
 * audience from the stored content (no sensitive incident for the parties, no incident and no
 * small cell for the public), unchanged byte for byte by a late report, as a PDF whose text
 * and images pdftotext and pdfimages find; and issued once by two contexts at once.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonthlyReportIT implements PostgisFixture {
    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    private static final ObjectMapper JSON = new ObjectMapper();
    private double lon = 35.1;

    private String report(Api monitor, String mechanism, String category, String observedAt) {
        lon += 0.05;
        return ReportFiles.submit(monitor, mechanism, lon, category, observedAt);
    }

    private HttpResponse<byte[]> download(Api api, String path) throws Exception {
        return ReportFiles.download(server.getURI(), api, path);
    }

    private static String run(Path dir, String... command) throws Exception {
        return Commands.run(dir, command);
    }

    @Test
    void aMonthOfBeirutIsCountedIssuedOnceAndServedPerAudienceFromTheStoredContent() throws Exception {
        String m = "monthly-" + UUID.randomUUID().toString().substring(0, 8);
        mechanisms.load(TestProtocols.lebanonLike(m), "test");
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        Api monitor = users.as(m + "-monitor", grant("monitor", m));
        Api chair = users.as(m + "-chair", grant("chair", m));
        Api party = users.as(m + "-delegate", delegate(m, "PARTY-A"));
        // March 2026 in Beirut: 1 March 00:00 +02 to 1 April 00:00 +03 (clocks go forward on 29 March).
        report(monitor, m, "EXPLOSION", "2026-03-15T12:00:00+02:00");
        report(monitor, m, "EXPLOSION", "2026-03-31T23:30:00+03:00");   // 20:30 UTC: March in both
        report(monitor, m, "SEXUAL_VIOLENCE", "2026-03-20T10:00:00+02:00");
        report(monitor, m, "EXPLOSION", "2026-04-01T00:30:00+03:00");   // 31 March 21:30 UTC: April in Beirut
        report(monitor, m, "EXPLOSION", "2026-02-28T23:30:00+02:00");   // February: the previous month
        long march = Rows.count("SELECT count(*) FROM incident WHERE mechanism_code = ? AND (observed_at AT TIME ZONE "
                + "'Asia/Beirut') >= '2026-03-01' AND (observed_at AT TIME ZONE 'Asia/Beirut') < '2026-04-01'", m);
        assertThat(march).isEqualTo(3);

        assertThat(party.post("/api/v1/mechanisms/" + m + "/reports", "application/json",
                "{\"kind\":\"monthly\",\"period\":\"2026-03\"}").status()).isEqualTo(403);
        Api.Answer issued = chair.post("/api/v1/mechanisms/" + m + "/reports", "application/json",
                "{\"kind\":\"monthly\",\"period\":\"2026-03\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String id = issued.json().path("id").asText();
        Api.Answer again = chair.post("/api/v1/mechanisms/" + m + "/reports", "application/json",
                "{\"kind\":\"monthly\",\"period\":\"2026-03\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains(id);
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'report.issue' AND target_id = ?", id))
                .isEqualTo(1);

        JsonNode internal = chair.get("/api/v1/mechanisms/" + m + "/reports/" + id).json();
        assertThat(internal.path("audience").asText()).isEqualTo("internal");
        assertThat(internal.path("periodStart").asText()).isEqualTo("2026-02-28T22:00:00Z");
        assertThat(internal.path("periodEnd").asText()).isEqualTo("2026-03-31T21:00:00Z");
        JsonNode totals = internal.path("content").path("totals").path("incidents");
        assertThat(totals.path("value").asLong()).isEqualTo(march);
        assertThat(totals.path("previous").asLong()).isEqualTo(1);
        // The report's tables are counted in one statement: each holds its own rows. The days are Beirut's
        // (31 March 23:30 +03 is the 31st, 1 April 00:30 +03 is April and not here); the categories and
        // parties add up to the month's incidents; the workflow is the month's end.
        JsonNode content = internal.path("content");
        Map<String, Long> days = new TreeMap<>();
        content.path("daily").forEach(r -> {
            long n = r.path("values").path("incidents").path("value").asLong();
            if (n > 0) {
                days.put(r.path("key").path("period").asText(), n);
            }
        });
        assertThat(days).isEqualTo(Map.of("2026-03-15", 1L, "2026-03-20", 1L, "2026-03-31", 1L));
        Map<String, Long> categories = new TreeMap<>();
        content.path("categoryByZone").path("byFirst").forEach(r -> categories.put(r.path("key").path("category").asText(),
                r.path("values").path("incidents").path("value").asLong()));
        assertThat(categories).isEqualTo(Map.of("EXPLOSION", 2L, "SEXUAL_VIOLENCE", 1L));
        assertThat(content.path("byParty").path("total").path("values").path("incidents").path("value").asLong())
                .isEqualTo(march);
        assertThat(content.path("findings").path("total").path("values").path("incidents").path("value").asLong())
                .isEqualTo(march);
        assertThat(content.path("categoryByZone").path("workflow").isArray()).as(content.toString()).isTrue();
        // Every incident of the month is a dot on the map; none is named, as none was marked notable (NotableReportIT).
        assertThat(internal.path("content").path("points")).hasSize(3);
        assertThat(internal.path("content").path("notable")).isEmpty();

        JsonNode parties = party.get("/api/v1/mechanisms/" + m + "/reports/" + id).json();
        assertThat(parties.path("audience").asText()).isEqualTo("parties");
        assertThat(parties.path("content").path("points")).as("the sensitive incident is not drawn").hasSize(2);
        assertThat(party.get("/api/v1/mechanisms/" + m + "/reports/" + id + "?audience=internal").status()).isEqualTo(403);

        HttpResponse<byte[]> publicCsv = download(party, "/api/v1/mechanisms/" + m + "/reports/" + id + ".csv?audience=public");
        assertThat(publicCsv.statusCode()).isEqualTo(200);
        String csv = new String(publicCsv.body(), StandardCharsets.UTF_8);
        for (String line : csv.split("\r\n")) {
            String[] cells = line.split(",");
            // Measure cells follow the table's name and its one or two keys; none is 1 or 2.
            for (int c = 1; c < cells.length; c++) {
                assertThat(cells[c]).as(line).isNotIn("1", "2");
            }
        }
        assertThat(csv).contains("<3");
        JsonNode pub = party.get("/api/v1/mechanisms/" + m + "/reports/" + id + "?audience=public").json();
        assertThat(pub.path("content").path("points")).isEmpty();
        assertThat(pub.path("content").path("notable")).isEmpty();
        assertThat(pub.has("zones")).isFalse();

        // Immutable: a late report of March and an edit leave the stored text and every rendering as they were.
        String stored = Rows.text("SELECT content FROM issued_report WHERE id = ?::uuid", id);
        String sha = Rows.text("SELECT encode(sha256, 'hex') FROM issued_report WHERE id = ?::uuid", id);
        assertThat(sha).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(stored.getBytes(StandardCharsets.UTF_8))));
        byte[] before = download(chair, "/api/v1/mechanisms/" + m + "/reports/" + id + ".csv").body();
        report(monitor, m, "EXPLOSION", "2026-03-10T12:00:00+02:00");
        byte[] after = download(chair, "/api/v1/mechanisms/" + m + "/reports/" + id + ".csv").body();
        assertThat(after).isEqualTo(before);
        assertThat(Rows.text("SELECT encode(sha256, 'hex') FROM issued_report WHERE id = ?::uuid", id)).isEqualTo(sha);
        assertThat(Rows.text("SELECT content FROM issued_report WHERE id = ?::uuid", id)).isEqualTo(stored);
        JsonNode list = chair.get("/api/v1/mechanisms/" + m + "/reports").json();
        assertThat(list.get(0).path("sha256").asText()).isEqualTo(sha);
        assertThat(list.get(0).path("links").path("pdf").asText()).endsWith(id + ".pdf");

        // The PDF: opens, fonts embedded, searchable text (Arabic labels in logical order), the chart and the map.
        HttpResponse<byte[]> pdf = download(chair, "/api/v1/mechanisms/" + m + "/reports/" + id + ".pdf?lang=ar");
        assertThat(pdf.statusCode()).isEqualTo(200);
        Path dir = Files.createDirectories(Path.of("target", "monthly-report-it"));
        Files.write(dir.resolve("report.pdf"), pdf.body());
        assertThat(run(dir, "pdfinfo", "report.pdf")).contains("Pages:");
        assertThat(run(dir, "pdffonts", "report.pdf")).contains("DejaVu");
        assertThat(run(dir, "pdftotext", "report.pdf", "-")).contains("monthly report 2026-03");
        assertThat(ReportPdfTest.arabicWords(ReportPdfTest.logicalText(dir.resolve("report.pdf")))).contains("انفجار");
        String images = run(dir, "pdfimages", "-list", "report.pdf");
        assertThat(images.lines().map(l -> l.trim().split("\\s+")).filter(c -> c.length > 2 && c[2].equals("image")).count())
                .isEqualTo(2);
    }

    @Test
    void twoContextsRunningTheMonthlyPassAtOnceIssueEachReportOnce() throws Exception {
        String m = "monthly2-" + UUID.randomUUID().toString().substring(0, 8);
        try (ApplicationContext a = ServiceInstances.start(false, Map.of());
             ApplicationContext b = ServiceInstances.start(false, Map.of())) {
            a.getBean(MechanismService.class).load(TestProtocols.lebanonLike(m), "test");
            assertThat(b.getBean(MechanismService.class).protocol(m)).isPresent();
            int levels = a.getBean(MechanismService.class).protocol(m).orElseThrow().levels().size();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> runs = new ArrayList<>();
            for (MonthlyReports job : List.of(a.getBean(MonthlyReports.class), b.getBean(MonthlyReports.class),
                    a.getBean(MonthlyReports.class), b.getBean(MonthlyReports.class))) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return job.issueDue() + job.issueDue();
                }));
            }
            start.countDown();
            for (Future<Integer> f : runs) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(Rows.count("SELECT count(*) FROM issued_report WHERE mechanism_code = ? AND kind = 'monthly'", m))
                    .isEqualTo(1 + levels);
            assertThat(Rows.count("SELECT count(*) FROM issued_report WHERE mechanism_code = ? AND kind = 'monthly' "
                    + "AND level_code IS NULL", m)).isEqualTo(1);
            assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'report.issue' AND target_id IN "
                    + "(SELECT id::text FROM issued_report WHERE mechanism_code = ?)", m)).isEqualTo(1 + levels);
        }
    }
}
