package org.trucewatch.queues;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.access.Grant;
import org.trucewatch.support.Api;
import org.trucewatch.support.Commands;
import org.trucewatch.support.Poll;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestUsers;
import org.trucewatch.zones.ImportZonesCommand;
import org.trucewatch.zones.ZoneService;

/**
 * The meeting pack of the Colombian sample's local level (zones from sample-geodata): the agenda's
 * items with reference, place, positions and proposed action, the small map, the PDF checked with
 * poppler (pdfinfo, pdftotext, pdfimages), a party delegate's pack without the confidential source,
 * and the meeting's outcome recorded all or nothing (checked in the database).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeetingPackIT implements PostgisFixture {
    static final String MECH = "colombia-mmv";
    static final String JSON = "application/json";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    ZoneService zones;

    Api monitor;
    Api chair;
    Api delegate;
    final String run = UUID.randomUUID().toString().substring(0, 8);
    /** Each incident observed on a day of its own: never taken for another's event (the duplicate rule). */
    OffsetDateTime day = OffsetDateTime.now(ZoneOffset.UTC).minusDays(400 + new Random().nextInt(2000))
            .truncatedTo(ChronoUnit.HOURS);

    @BeforeAll
    void setUp() throws Exception {
        Path path = Path.of(System.getProperty("project.basedir", "."), "sample-geodata", "colombia-mmv.geojson");
        zones.importZones(new ImportZonesCommand("colombia-mmv.geojson", Files.readAllBytes(path), null, null, false, null,
                "test"));
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitor = users.as("monitor", TestUsers.grant("monitor", MECH));
        chair = users.as("chair", new Grant(null, "chair", MECH, null, null, null));
        delegate = users.as("delegate", TestUsers.delegate(MECH, "FARC-EP"));
    }

    /** An incident in the Anorí team's area with a finding recorded: on the local agenda. Its reference, once given. */
    private String onLocalAgenda() throws InterruptedException {
        day = day.minusDays(1);
        Api.Answer created = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid()
                .point(-75.1535, 7.29).withText("category", "ARMED_PRESENCE").with("allegedParties", "[\"GOV-CO\"]")
                .withText("observedAt", day.toString())
                .with("source", "{\"type\":\"DIRECT_OBSERVATION\",\"reliability\":\"B\",\"credibility\":2,"
                        + "\"identity\":\"informant-" + run + "\",\"notes\":\"met at the market " + run + "\"}").json());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?",
                UUID.fromString(created.json().path("id").asText()));
        for (String to : List.of("triaged", "under_verification")) {
            assertThat(chair.post("/api/v1/incidents/" + id + "/transitions", JSON, "{\"to\":\"" + to + "\"}").status())
                    .isEqualTo(200);
        }
        Api.Answer found = chair.post("/api/v1/incidents/" + id + "/transitions", JSON, "{\"to\":\"finding_recorded\","
                + "\"finding\":\"violation_confirmed\",\"party\":\"GOV-CO\",\"summary\":\"patrol visit " + run + "\"}");
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        return Poll.until("a reference for " + id, Duration.ofSeconds(10),
                () -> Rows.text("SELECT reference FROM incident WHERE id = ?", UUID.fromString(id)), r -> r != null);
    }

    private static String idOf(String reference) {
        return Rows.text("SELECT id::text FROM incident WHERE reference = ?", reference);
    }

    private static JsonNode item(Api who, String reference) {
        for (JsonNode i : who.get("/api/v1/mechanisms/" + MECH + "/agenda?level=local").json()) {
            if (reference.equals(i.path("reference").asText())) {
                return i;
            }
        }
        throw new AssertionError(reference + " is not on the local agenda");
    }

    private byte[] bytes(Api who, String path, int status, String type) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve(path))
                .header("Authorization", "Bearer " + who.bearerToken()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(type);
        return r.body();
    }

    private static String run(Path dir, String... command) throws Exception {
        return Commands.run(dir, command);
    }

    private void statesAndProposes(String ref) {
        Api.Answer position = chair.post("/api/v1/incidents/" + ref + "/positions", JSON,
                "{\"party\":\"FARC-EP\",\"position\":\"disputes\",\"statement\":\"no unit there " + run + "\"}");
        assertThat(position.status()).as(position.toString()).isEqualTo(200);
        Api.Answer proposed = chair.put("/api/v1/incidents/" + ref + "/proposed-action", JSON,
                "{\"text\":\"joint patrol " + run + "\"}");
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(200);
    }

    @Test
    void anAgendaItemCarriesReferencePlacePositionsProposalAndItsDecisions() throws Exception {
        String ref = onLocalAgenda();
        statesAndProposes(ref);

        JsonNode i = item(chair, ref);
        assertThat(ref).matches("CO-\\d{4}-\\d{4,}");
        assertThat(i.path("place").path("zone").asText()).isNotEmpty();
        List<String> zoneCodes = new ArrayList<>();
        i.path("zones").forEach(z -> zoneCodes.add(z.path("zone").asText()));
        assertThat(zoneCodes).contains("co-aor-local-anori");
        assertThat(i.path("finding").path("finding").asText()).isEqualTo("violation_confirmed");
        // One position per party: FARC-EP's as stated, GOV-CO's not yet stated.
        assertThat(i.path("positions").size()).isEqualTo(2);
        for (JsonNode p : i.path("positions")) {
            if (p.path("party").asText().equals("FARC-EP")) {
                assertThat(p.path("position").asText()).isEqualTo("disputes");
                assertThat(p.path("statement").asText()).isEqualTo("no unit there " + run);
                assertThat(p.path("recordedAt").isTextual()).isTrue();
            } else {
                assertThat(p.path("party").asText()).isEqualTo("GOV-CO");
                assertThat(p.path("position").asText()).isEqualTo("not_yet_stated");
            }
        }
        assertThat(i.path("proposedAction").path("text").asText()).isEqualTo("joint patrol " + run);
        assertThat(i.path("proposedAction").path("recordedBy").asText()).isNotEmpty();
        List<String> decisions = new ArrayList<>();
        i.path("decisions").forEach(d -> decisions.add(d.asText()));
        assertThat(decisions).containsExactlyInAnyOrder("reviewed", "under_verification", "closed", "escalate");
        assertThat(i.path("sources").get(0).path("identity").asText()).isEqualTo("informant-" + run);
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'incident.propose' AND target_id = ?",
                idOf(ref))).isEqualTo(1);

        // The delegate's item: the same positions and proposal, no source identity, no staff names.
        JsonNode d = item(delegate, ref);
        assertThat(d.path("positions").toString()).contains("no unit there " + run).doesNotContain("recordedBy");
        assertThat(d.path("proposedAction").path("text").asText()).isEqualTo("joint patrol " + run);
        assertThat(d.path("proposedAction").has("recordedBy")).isFalse();
        assertThat(d.toString()).doesNotContain("informant-" + run).doesNotContain("met at the market");
        assertThat(d.path("decisions").size()).isZero();

        BufferedImage map = ImageIO.read(new ByteArrayInputStream(bytes(chair, "/api/v1/incidents/" + ref + "/map.png",
                200, "image/png")));
        assertThat(map.getWidth()).isEqualTo(MeetingPack.MAP_WIDTH);
        assertThat(map.getHeight()).isEqualTo(MeetingPack.MAP_HEIGHT);
        // The incident's dot is red at the centre of its map.
        assertThat(map.getRGB(MeetingPack.MAP_WIDTH / 2, MeetingPack.MAP_HEIGHT / 2) & 0xFFFFFF).isEqualTo(0xC81E1E);
        assertThat(chair.put("/api/v1/incidents/" + ref + "/proposed-action", JSON, "{\"text\":\" \"}").body())
                .contains("/text");
        assertThat(delegate.put("/api/v1/incidents/" + ref + "/proposed-action", JSON, "{\"text\":\"mine\"}").status())
                .isEqualTo(403);
    }

    @Test
    void theMeetingPackPrintsPositionsAndMapsAndADelegatesPackHasNoConfidentialSource() throws Exception {
        String ref = onLocalAgenda();
        statesAndProposes(ref);
        Path dir = Files.createDirectories(Path.of("target", "meeting-pack", run));
        Files.write(dir.resolve("chair.pdf"), bytes(chair, "/api/v1/mechanisms/" + MECH + "/agenda.pdf?level=local&lang=en",
                200, "application/pdf"));
        Files.write(dir.resolve("delegate.pdf"), bytes(delegate, "/api/v1/mechanisms/" + MECH
                + "/agenda.pdf?level=local&lang=en", 200, "application/pdf"));
        Files.write(dir.resolve("ar.pdf"), bytes(chair, "/api/v1/mechanisms/" + MECH + "/agenda.pdf?level=local&lang=ar",
                200, "application/pdf"));
        int items = chair.get("/api/v1/mechanisms/" + MECH + "/agenda?level=local").json().size();

        // A title page, then a page per item.
        java.util.regex.Matcher pages = java.util.regex.Pattern.compile("Pages:\\s+(\\d+)").matcher(run(dir, "pdfinfo", "chair.pdf"));
        assertThat(pages.find()).isTrue();
        assertThat(Integer.parseInt(pages.group(1))).isGreaterThanOrEqualTo(items + 1);
        String chairText = Commands.withoutLigatures(run(dir, "pdftotext", "-enc", "UTF-8", "chair.pdf", "-"));
        assertThat(chairText).contains(ref).contains("no unit there " + run).contains("joint patrol " + run)
                .contains("informant-" + run).contains("Disputes");
        String listed = run(dir, "pdfimages", "-list", "chair.pdf");
        assertThat(listed.lines().filter(l -> l.matches("\\s*\\d+\\s+\\d+\\s+image\\s+480\\s+300\\b.*")).count())
                .as(listed).isEqualTo(items);
        String delegateText = Commands.withoutLigatures(run(dir, "pdftotext", "-enc", "UTF-8", "delegate.pdf", "-"));
        assertThat(delegateText).contains(ref).contains("no unit there " + run).doesNotContain("informant-" + run)
                .doesNotContain("met at the market");
        assertThat(run(dir, "pdffonts", "ar.pdf")).contains("DejaVuSans");
        assertThat(chair.get("/api/v1/mechanisms/" + MECH + "/agenda.pdf?level=local&lang=xx").body()).contains("lang");
    }

    private Api.Answer outcome(Api who, String body) {
        return who.post("/api/v1/mechanisms/" + MECH + "/agenda/outcome?level=local", JSON, body);
    }

    private static String status(String ref) {
        return Rows.text("SELECT status FROM incident WHERE reference = ?", ref);
    }

    @Test
    void theOutcomeIsRecordedAllOrNothingAndNamesEachRefusedItem() throws Exception {
        String a = onLocalAgenda();
        String b = onLocalAgenda();
        String positionOfGov = "{\"party\":\"GOV-CO\",\"position\":\"accepts\",\"statement\":\"accepted " + run + "\"}";

        String audited = "SELECT count(*) FROM audit_event WHERE target_id IN (?, ?) AND action IN "
                + "('incident.transition', 'incident.position', 'incident.escalate')";
        long before = Rows.count(audited, idOf(a), idOf(b));
        // The second item asks for a move the workflow refuses: nothing of the first is kept either.
        Api.Answer refused = outcome(chair, "{\"items\":[{\"incident\":\"" + a + "\",\"decision\":\"closed\",\"positions\":["
                + positionOfGov + "]},{\"incident\":\"" + b + "\",\"decision\":\"triaged\"}]}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("errors").toString()).contains("/items/1/decision").doesNotContain("/items/0");
        assertThat(status(a)).isEqualTo("finding_recorded");
        assertThat(status(b)).isEqualTo("finding_recorded");
        assertThat(Rows.count("SELECT count(*) FROM party_position WHERE incident_id = ?::uuid", idOf(a))).isZero();
        assertThat(Rows.count(audited, idOf(a), idOf(b))).isEqualTo(before);

        // Bad fields are named per item: an unknown position, a missing incident.
        Api.Answer invalid = outcome(chair, "{\"items\":[{\"incident\":\"" + a + "\",\"positions\":[{\"party\":\"GOV-CO\","
                + "\"position\":\"maybe\"}]},{\"decision\":\"reviewed\"}]}");
        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(422);
        assertThat(invalid.json().path("errors").toString()).contains("/items/0/positions/0/position")
                .contains("/items/1/incident");
        assertThat(outcome(delegate, "{\"items\":[{\"incident\":\"" + a + "\",\"decision\":\"reviewed\"}]}").status())
                .isEqualTo(403);
        assertThat(status(a)).isEqualTo("finding_recorded");

        // All well: one step closes the first (reviewed, then closed) and escalates the second.
        Api.Answer done = outcome(chair, "{\"items\":[{\"incident\":\"" + a + "\",\"decision\":\"closed\",\"positions\":["
                + positionOfGov + "]},{\"incident\":\"" + b + "\",\"decision\":\"escalate\"}]}");
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(status(a)).isEqualTo("closed");
        assertThat(status(b)).isEqualTo("escalated");
        assertThat(Rows.text("SELECT level_code FROM incident WHERE reference = ?", b)).isEqualTo("regional");
        assertThat(Rows.text("SELECT position FROM party_position WHERE incident_id = ?::uuid AND party_code = 'GOV-CO'",
                idOf(a))).isEqualTo("accepts");
        // reviewed and closed, a position on the first; the escalation of the second.
        assertThat(Rows.count(audited, idOf(a), idOf(b))).isEqualTo(before + 4);
    }

    @Test
    void atTheTopLevelEscalationIsNeitherOfferedNorAccepted() throws Exception {
        String ref = onLocalAgenda();
        for (int k = 0; k < 2; k++) {
            Api.Answer up = chair.post("/api/v1/incidents/" + ref + "/escalate", JSON, "{\"text\":\"unresolved\"}");
            assertThat(up.status()).as(up.toString()).isEqualTo(200);
        }
        assertThat(Rows.text("SELECT level_code FROM incident WHERE reference = ?", ref)).isEqualTo("national");
        JsonNode top = null;
        for (JsonNode i : chair.get("/api/v1/mechanisms/" + MECH + "/agenda?level=national").json()) {
            top = ref.equals(i.path("reference").asText()) ? i : top;
        }
        assertThat(top).isNotNull();
        assertThat(top.path("decisions").toString()).doesNotContain("escalate").contains("reviewed");
        Api.Answer refused = chair.post("/api/v1/mechanisms/" + MECH + "/agenda/outcome?level=national", JSON,
                "{\"items\":[{\"incident\":\"" + ref + "\",\"decision\":\"escalate\"}]}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/items/0/decision");
        assertThat(chair.post("/api/v1/incidents/" + ref + "/escalate", JSON, "{\"text\":\"again\"}").status())
                .isEqualTo(409);
        assertThat(status(ref)).isEqualTo("escalated");
    }
}
