package org.trucewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.support.DemoPostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.Smtp;

/**
 * The web app end to end, in Debian's headless Chromium driven by playwright-core (the
 * scripts under src/test/e2e), against this service in demo mode on real PostGIS. The
 * scripts work the browser; what they leave in the database is checked here.
 * Everything a run writes stays under target/e2e: the scripts run from a copy there (so that
 * npm's node_modules land there too), with their results, logs and screenshots beside them.
 * {@code bin/trucewatch screenshots} copies the screenshots into docs/screenshots.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebAppE2EIT implements DemoPostgisFixture {
    private static final Path BASE = Path.of(System.getProperty("project.basedir", "."));
    private static final Path E2E = BASE.resolve("src/test/e2e");
    private static final Path OUT = BASE.resolve("target/e2e");
    private static final Path SCRIPTS = OUT.resolve("scripts");
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    @Inject
    EmbeddedServer server;

    /** A real SMTP server for the notifications (chair.test.js), started once for the service's properties. */
    GreenMail smtp;

    @Override
    public Map<String, String> getProperties() {
        if (smtp == null) {
            smtp = Smtp.start();
        }
        Map<String, String> p = new HashMap<>(DemoPostgisFixture.super.getProperties());
        p.putAll(Smtp.properties(smtp));
        return p;
    }

    @AfterAll
    void stopSmtp() {
        smtp.stop();
    }

    @BeforeAll
    void installPlaywrightCore() throws Exception {
        assertThat(Path.of(CHROMIUM)).as("Debian's chromium (bin/trucewatch test installs it)").isExecutable();
        copyScripts();
        // playwright-core (no browser download) and axe-core, at the versions package-lock.json pins.
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), "npm-ci", 300);
    }

    @Test
    void chairsWorkTheirQueuesOnTheMapAndDelegatesSeeNoConfidentialField() throws Exception {
        run(List.of("node", "--test", "--test-concurrency=1", "tests/chair.test.js"), "chair", 600);
        JsonNode result = new ObjectMapper().readTree(OUT.resolve("chair.json").toFile());
        UUID incident = UUID.fromString(result.path("incidentId").asText());
        // What the browser did is in the database: escalated to the regional team (unclaimed there),
        // with the finding; and the local chair's steps on the way, in order.
        assertThat(Rows.text("SELECT concat_ws(' ', status, level_code, team_code, finding, finding_party, claimed_by) "
                + "FROM incident WHERE id = ?", incident))
                .isEqualTo("escalated regional mmv-regional-antioquia violation_confirmed FARC-EP");
        assertThat(Rows.text("SELECT string_agg(kind || coalesce(':' || to_status, ''), ' ' ORDER BY seq) FROM incident_event "
                + "WHERE incident_id = ? AND actor = 'chair.co.local'", incident))
                .isEqualTo("link split claim assignment transition:triaged transition:under_verification transition:finding_recorded comment "
                        + "escalation:escalated");
        // The duplicates the chair confirmed and split off.
        assertThat(Rows.text("SELECT incident_id || ' ' || link FROM incident_report WHERE report_id = ?",
                UUID.fromString(result.path("confirmed").asText()))).isEqualTo(incident + " confirmed");
        assertThat(Rows.text("SELECT incident_id || ' ' || link FROM incident_report WHERE report_id = ?",
                UUID.fromString(result.path("split").asText()))).isEqualTo(result.path("splitOff").asText() + " origin");
        // The photo the chair opened: read once, by that chair, in the audit chain.
        String photoReport = new ObjectMapper().readTree(OUT.resolve("media.json").toFile()).path("reportId").asText();
        assertThat(Rows.text("SELECT string_agg(actor, ',') FROM audit_event WHERE action = 'report.media_read' "
                + "AND target_id = ?", photoReport)).isEqualTo("chair.co.local");
        assertThat(Rows.count("SELECT count(*) FROM party_position WHERE incident_id = ? AND party_code = 'FARC-EP' "
                + "AND position = 'disputes'", incident)).isEqualTo(1);
        // The severity-5 report the chair saw as a notice also reached them by e-mail, in Spanish, within 5 s.
        UUID severe = UUID.fromString(new ObjectMapper().readTree(OUT.resolve("notices.json").toFile())
                .path("incidentId").asText());
        assertThat(Rows.text("SELECT (emailed_at - i.created_at <= interval '5 seconds')::text FROM notification n "
                + "JOIN incident i ON i.id = n.incident_id WHERE n.incident_id = ? AND n.username = 'chair.co.local' "
                + "AND n.kind = 'new'", severe)).isEqualTo("true");
        MimeMessage mail = Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getContent().toString().contains(severe.toString());
            } catch (IOException | MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no e-mail names " + severe));
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("chair.co.local@mission.example");
        assertThat(mail.getSubject()).startsWith("[TruceWatch] Nuevo incidente");
    }

    @Test
    void aMonitorReportsOfflineAndExactlyOneReportIsStored() throws Exception {
        run(List.of("node", "--test", "--test-concurrency=1", "tests/monitor.test.js"), "monitor", 600);
        JsonNode result = new ObjectMapper().readTree(OUT.resolve("monitor.json").toFile());
        String clientReportId = result.path("clientReportId").asText();
        assertThat(Rows.reportsWithClientId(clientReportId)).isEqualTo(1);
        // Heard from where the device's GPS put the monitor (the observer), 3 km away at 045°: the
        // event's point lies there on the ground, its accuracy the GPS's 12 m plus a quarter of 3 km.
        assertThat(Rows.text("SELECT concat_ws(' ', ST_AsText(observer_location), ST_SRID(geom), bearing_deg, "
                + "estimated_distance_m, location_accuracy_m, submitted_by, array_to_string(alleged_parties, ','), "
                + "source_type, source_reliability, source_identity) FROM report WHERE client_report_id = ?::uuid",
                clientReportId)).isEqualTo("POINT(35.5312 33.2741) 4326 45 3000 762 monitor.lb IDF PUBLIC C Shepherd at the wadi");
        assertThat(Rows.text("SELECT round(ST_Distance(geom::geography, observer_location::geography)) || ' ' "
                + "|| round(degrees(ST_Azimuth(observer_location::geography, geom::geography))) "
                + "FROM report WHERE client_report_id = ?::uuid", clientReportId)).matches("(299[0-9]|300[0-9]) 45");
        // Made by monitor.lb on a phone another monitor then used: stored once, under monitor.lb.
        String shared = new ObjectMapper().readTree(OUT.resolve("shared-device.json").toFile()).path("clientReportId").asText();
        assertThat(Rows.text("SELECT string_agg(submitted_by, ',') FROM report WHERE client_report_id = ?::uuid", shared))
                .isEqualTo("monitor.lb");
    }

    @Test
    void aMonitorInTheFieldTakesAPhotoAndPlacesAReportOnTheMapOfflineKeepsBothEncryptedAndCorrectsIt() throws Exception {
        run(List.of("node", "--test", "--test-concurrency=1", "tests/field.test.js"), "field", 600);
        JsonNode result = new ObjectMapper().readTree(OUT.resolve("field.json").toFile());
        // Stored once, by the monitor, where the map was tapped (east of the typed 35.5312), then
        // corrected twice (the browser's correction, then the one made elsewhere): revision 3.
        assertThat(Rows.text("SELECT concat_ws(' ', submitted_by, revision, ST_SRID(geom), ST_Y(geom) BETWEEN 33.272 AND 33.276, "
                + "ST_X(geom) > 35.5312, event_count) FROM report WHERE id = ?::uuid", result.path("reportId").asText()))
                .isEqualTo("monitor.lb 3 4326 t t 5");
        // The photo taken offline, stored with the bytes the browser took (SHA-256 of the large object), once.
        String sha = result.path("photoSha256").asText();
        assertThat(Rows.text("SELECT string_agg(name || ' ' || content_type || ' ' || encode(sha256, 'hex') || ' '"
                + " || encode(sha256(lo_get(content_oid)), 'hex') || ' ' || received_by, ',') FROM report_attachment"
                + " WHERE report_id = ?::uuid", result.path("reportId").asText()))
                .isEqualTo("photo-1.jpg image/jpeg " + sha + " " + sha + " monitor.lb");
    }

    @Test
    void theMainScreensPassAxeAndAChairWorksWithTheKeyboard() throws Exception {
        run(List.of("node", "--test", "--test-concurrency=1", "tests/a11y.test.js"), "a11y", 600);
    }

    @Test
    void chairsAndDelegatesReadTheStatisticsPageAsTheApiCountsForThem() throws Exception {
        run(List.of("node", "--test", "--test-concurrency=1", "tests/statistics.test.js"), "statistics", 600);
        // The sensitive report the script sent (the delegate's page counted its incident and listed
        // none of it) is stored, under its category, in one incident of that category in Lebanon.
        String report = new ObjectMapper().readTree(OUT.resolve("statistics.json").toFile()).path("reportId").asText();
        assertThat(Rows.count("SELECT count(*) FROM report r JOIN incident_report ir ON ir.report_id = r.id"
                + " JOIN incident i ON i.id = ir.incident_id"
                + " WHERE r.id = ?::uuid AND r.category = 'SEXUAL_VIOLENCE' AND i.category = 'SEXUAL_VIOLENCE'"
                + " AND i.mechanism_code = 'lebanon-tripartite'", report)).isEqualTo(1);
        // The reports alleged against IDF whose zone and party counts the page followed: each its own incident,
        // opened inside Sector West (and the area south of the Litani), as the geofence judged it.
        JsonNode alleged = new ObjectMapper().readTree(OUT.resolve("statistics.json").toFile()).path("alleged");
        assertThat(alleged.size()).isEqualTo(4);
        for (JsonNode id : alleged) {
            assertThat(Rows.text("SELECT string_agg(z.code, ',' ORDER BY z.code) FROM report_zone_relation rel"
                    + " JOIN zone z ON z.id = rel.zone_id WHERE rel.report_id = ?::uuid AND rel.relation = 'inside'", id.asText()))
                    .isEqualTo("lb-sector-west,lb-south-litani");
        }
        assertThat(Rows.count("SELECT count(DISTINCT incident_id) FROM incident_report WHERE report_id::text = ANY(?)",
                (Object) new String[] {alleged.get(0).asText(), alleged.get(1).asText(), alleged.get(2).asText(),
                    alleged.get(3).asText()})).isEqualTo(4);
    }

    @Test
    void aChairPrintsTheMeetingPackRecordsTheOutcomeAndMarksTheItemNotable() throws Exception {
        run(List.of("node", "--test", "--test-concurrency=1", "tests/meeting.test.js"), "meeting", 600);
        JsonNode meeting = new ObjectMapper().readTree(OUT.resolve("meeting.json").toFile());
        UUID incident = UUID.fromString(meeting.path("incidentId").asText());
        // Reviewed and closed in one step, with the position stated in the meeting and the proposal made before it.
        assertThat(Rows.text("SELECT status FROM incident WHERE id = ?", incident)).isEqualTo(meeting.path("decision").asText());
        assertThat(Rows.text("SELECT string_agg(party_code || ' ' || position, ', ' ORDER BY party_code) FROM party_position "
                + "WHERE incident_id = ?", incident)).isEqualTo("FARC-EP disputes, GOV-CO accepts");
        assertThat(Rows.text("SELECT text FROM proposed_action WHERE incident_id = ?", incident))
                .isEqualTo(meeting.path("proposal").asText());
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE target_id = ? AND action = 'incident.propose' "
                + "AND actor = 'chair.co'", incident.toString())).isEqualTo(1);
        assertThat(OUT.resolve("screenshots/meeting-pack.png")).isNotEmptyFile();
        // Marked notable from the incident page (publishable), withdrawn, marked again not for the public: three
        // marks by the chair, in order, each in the audit chain.
        JsonNode notable = new ObjectMapper().readTree(OUT.resolve("notable.json").toFile());
        assertThat(Rows.text("SELECT string_agg(coalesce(summary, '-') || ' ' || publishable || ' ' || marked_by, ' | ' "
                + "ORDER BY seq) FROM notable_mark WHERE incident_id = ?", incident)).isEqualTo(notable.path("first").asText()
                + " true chair.co | - false chair.co | " + notable.path("kept").asText() + " false chair.co");
        assertThat(Rows.text("SELECT string_agg(action, ' ' ORDER BY seq) FROM audit_event WHERE target_id = ? "
                + "AND action LIKE '%notable' AND actor = 'chair.co'", incident.toString()))
                .isEqualTo("incident.mark_notable incident.unmark_notable incident.mark_notable");
    }

    @Test
    void anAdminManagesUsersAndGrantsAndVerifiesTheAuditChain() throws Exception {
        run(List.of("node", "--test", "--test-concurrency=1", "tests/admin.test.js"), "admin", 600);
        String user = new ObjectMapper().readTree(OUT.resolve("admin.json").toFile()).path("user").asText();
        assertThat(Rows.count("SELECT count(*) FROM app_user WHERE username = ?", user)).isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM user_grant g JOIN app_user u ON u.id = g.user_id WHERE u.username = ?",
                user)).isZero();
        assertThat(Rows.text("SELECT string_agg(action || ' by ' || actor, ', ' ORDER BY seq) FROM audit_event "
                + "WHERE target_type = 'user' AND target_id = ?", user))
                .isEqualTo("user.create by admin, user.grant by admin, user.revoke by admin");
        // The zone file imported once (the second, identical import and the broken file stored nothing),
        // and the protocol loaded as a mechanism.
        JsonNode admin = new ObjectMapper().readTree(OUT.resolve("admin.json").toFile());
        assertThat(Rows.text("SELECT string_agg(v.version || ' ' || ST_AsText(v.geom) || ' ' || ST_SRID(v.geom), ',') "
                + "FROM zone z JOIN zone_version v ON v.zone_id = z.id WHERE z.code = ?", admin.path("zone").asText()))
                .isEqualTo("1 POLYGON((-30 0.05,-29.995 0.05,-29.995 0.055,-30 0.055,-30 0.05)) 4326");
        assertThat(Rows.count("SELECT count(*) FROM mechanism_protocol WHERE code = ?", admin.path("mechanism").asText()))
                .isEqualTo(1);
    }

    /** The scripts and npm's manifest, copied to target/e2e/scripts (a node_modules left in src/test/e2e is not). */
    static void copyScripts() throws IOException {
        Files.createDirectories(SCRIPTS);
        try (Stream<Path> files = Files.walk(E2E)) {
            for (Path from : files.filter(f -> !E2E.relativize(f).startsWith("node_modules")).toList()) {
                Path to = SCRIPTS.resolve(E2E.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private void run(List<String> command, String name, int timeoutSeconds) throws IOException, InterruptedException {
        run(server.getPort(), command, name, timeoutSeconds);
    }

    /** Runs one script (or npm) in target/e2e/scripts against the service on {@code port}; fails the test with its output. */
    static void run(int port, List<String> command, String name, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = OUT.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("BASE_URL", "http://localhost:" + port);
        pb.environment().put("CHROMIUM", CHROMIUM);
        pb.environment().put("PROJECT_DIR", BASE.toAbsolutePath().toString());
        pb.environment().put("E2E_SCREENSHOTS", OUT.resolve("screenshots").toString());
        pb.environment().put("E2E_RESULTS", OUT.toString());
        Process p = pb.start();
        boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(done).as(name + " finished within " + timeoutSeconds + " s").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + " (output above, and in " + log + ")\n"
                + failedSubtests(output)).isZero();
    }

    /**
     * The TAP blocks of the failed subtests, so that a CI log which keeps only the end of the build's
     * output still says which step failed and why.
     */
    static String failedSubtests(String tap) {
        StringBuilder failed = new StringBuilder();
        boolean inFailure = false;
        for (String line : tap.split("\n")) {
            if (line.startsWith("not ok ")) {
                inFailure = true;
            } else if (line.startsWith("ok ") || line.startsWith("# Subtest") || line.startsWith("1..")) {
                inFailure = false;
            }
            if (inFailure && failed.length() < 6000) {
                failed.append(line).append('\n');
            }
        }
        return failed.toString();
    }
}
