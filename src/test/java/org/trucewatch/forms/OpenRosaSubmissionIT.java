package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Multipart;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * Replays on the wire what ODK Collect sends (OpenRosa Form Submission API): the
 * pre-flight, a submission with two photos, one split over two POSTs, an exact resend, a
 * conflicting resend and an edit (the next revision of the same report); then checks what PostGIS holds.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenRosaSubmissionIT implements PostgisFixture {
    static final String MECH = "forms-" + UUID.randomUUID().toString().substring(0, 6);

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    @Inject
    org.trucewatch.audit.AuditVerifier auditVerifier;

    Api anonymous;
    Api device;
    String monitor;
    String xform;

    @BeforeAll
    void setUp() {
        TestProtocols.load(mechanisms, MECH);
        anonymous = new Api(server.getURI());
        monitor = new TestUsers(access, anonymous).create("collect", grant("monitor", MECH));
        device = anonymous.withBasic(monitor, TestUsers.PASSWORD);
        xform = device.get("/forms/" + XFormBuilder.formId(MECH) + ".xml").body();
    }

    FormInstance filled(UUID instanceId) {
        return FormInstance.from(xform)
                .set("location", "33.1 35.4 120.0 4.5")
                .set("observed_at", OffsetDateTime.now(ZoneOffset.ofHours(3)).minusHours(2)
                        .truncatedTo(ChronoUnit.MILLIS).toString())
                .set("category", "SMALL_ARMS_FIRE")
                .set("alleged_parties", "PARTY-A")
                .set("bearing", "270")
                .set("distance", "800")
                .set("count", "12")
                .set("description", "Bursts from the ridge")
                .set("meta/instanceID", "uuid:" + instanceId);
    }

    Api.Answer post(Multipart body) {
        return device.postBytes("/submission", body.contentType(), body.bytes());
    }

    static byte[] photo(String seed, int size) {
        byte[] b = new byte[size];
        new java.util.Random(seed.hashCode()).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static long attachments(UUID instanceId) {
        return Rows.count("SELECT count(*) FROM report_attachment a JOIN report r ON r.id = a.report_id"
                + " WHERE r.client_report_id = ?", instanceId);
    }

    static String reportId(UUID instanceId) {
        return Rows.text("SELECT id::text FROM report WHERE client_report_id = ?", instanceId);
    }

    @Test
    void thePreflightChallengesTheAnonymousAndAnnouncesTheLimitToTheDevice() {
        Api.Answer challenge = anonymous.send("HEAD", "/submission");
        assertThat(challenge.status()).isEqualTo(401);
        assertThat(challenge.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(challenge.header("X-OpenRosa-Version")).isEqualTo("1.0");

        Api.Answer preflight = device.send("HEAD", "/submission");
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("X-OpenRosa-Version")).isEqualTo("1.0");
        assertThat(Long.parseLong(preflight.header("X-OpenRosa-Accept-Content-Length"))).isEqualTo(10_485_760L);

        assertThat(anonymous.get("/formList").header("WWW-Authenticate")).startsWith("Basic");
        Api.Answer json = anonymous.get("/api/v1/reports");
        assertThat(json.status()).isEqualTo(401);
        assertThat(json.header("WWW-Authenticate")).as("no browser dialog on the JSON API").isNull();
    }

    @Test
    void aSubmissionWithTwoPhotosBecomesOneReportWithBothFilesAndTheirHashes() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] one = photo("one", 300_000);
        byte[] two = photo("two", 200_000);
        String xml = filled(id).set("photo1", "1.jpg").set("photo2", "2.jpg").xml();

        Api.Answer answer = post(new Multipart().xml(xml).file("1.jpg", "image/jpeg", one).file("2.jpg", "image/jpeg", two));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.header("X-OpenRosa-Version")).isEqualTo("1.0");
        assertThat(answer.body()).contains("<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\">").contains("<message");
        String report = reportId(id);
        assertThat(Rows.text("SELECT ST_AsText(geom) || ' ' || location_accuracy_m || ' ' || mechanism_code"
                + " FROM report WHERE id = ?::uuid", report)).isEqualTo("POINT(35.4 33.1) 4.5 " + MECH);
        assertThat(Rows.text("SELECT encode(sha256, 'hex') FROM report_attachment WHERE report_id = ?::uuid"
                + " AND name = '1.jpg'", report)).isEqualTo(sha256(one));
        assertThat(Rows.text("SELECT encode(sha256(lo_get(content_oid)), 'hex') FROM report_attachment WHERE report_id = ?::uuid"
                + " AND name = '2.jpg'", report)).isEqualTo(sha256(two));
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'report.attach' AND target_id = ?"
                + " AND after_digest IN (?, ?)", report, sha256(one), sha256(two))).isEqualTo(2);
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'report.create' AND target_id = ?",
                report)).isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM incident_report WHERE report_id = ?::uuid", report))
                .as("routed into an incident like a JSON report").isEqualTo(1);
        assertThat(auditVerifier.verify().intact()).as("the chain still verifies").isTrue();
    }

    @Test
    void aSplitSubmissionIsAssembledAndAnExactResendAddsNothing() {
        UUID id = UUID.randomUUID();
        String xml = filled(id).set("photo1", "a.jpg").set("photo2", "b.jpg").xml();
        Multipart first = new Multipart().xml(xml).file("a.jpg", "image/jpeg", photo("a", 1000)).field("*isIncomplete*", "yes");
        Multipart last = new Multipart().xml(xml).file("b.jpg", "image/jpeg", photo("b", 1000));

        assertThat(post(first).status()).isEqualTo(201);
        assertThat(post(last).status()).isEqualTo(201);
        assertThat(Rows.reportsWithClientId(id.toString())).isEqualTo(1);
        assertThat(attachments(id)).isEqualTo(2);

        long events = Rows.count("SELECT count(*) FROM audit_event");
        Api.Answer resend = post(new Multipart().xml(xml).file("a.jpg", "image/jpeg", photo("a", 1000))
                .file("b.jpg", "image/jpeg", photo("b", 1000)));
        assertThat(resend.status()).as(resend.toString()).isEqualTo(201);
        assertThat(Rows.reportsWithClientId(id.toString())).isEqualTo(1);
        assertThat(attachments(id)).isEqualTo(2);
        assertThat(Rows.count("SELECT count(*) FROM audit_event")).as("no new audit events").isEqualTo(events);
    }

    @Test
    void theSameInstanceIdWithOtherAnswersOrAnotherFileIs409AndChangesNothing() {
        UUID id = UUID.randomUUID();
        assertThat(post(new Multipart().xml(filled(id).set("photo1", "p.jpg").xml())
                .file("p.jpg", "image/jpeg", photo("p", 500))).status()).isEqualTo(201);
        long reports = Rows.reports();

        Api.Answer otherAnswers = post(new Multipart().xml(filled(id).set("category", "EXPLOSION").xml()));
        Api.Answer otherBytes = post(new Multipart().xml(filled(id).set("photo1", "p.jpg").xml())
                .file("p.jpg", "image/jpeg", photo("q", 500)));

        for (Api.Answer a : new Api.Answer[] {otherAnswers, otherBytes}) {
            assertThat(a.status()).as(a.toString()).isEqualTo(409);
            assertThat(a.body()).contains("OpenRosaResponse");
            assertThat(a.header("X-OpenRosa-Version")).isEqualTo("1.0");
        }
        assertThat(Rows.reports()).isEqualTo(reports);
        assertThat(Rows.text("SELECT category FROM report WHERE client_report_id = ?", id)).isEqualTo("SMALL_ARMS_FIRE");
        assertThat(attachments(id)).isEqualTo(1);
    }

    @Test
    void anEditWithDeprecatedIdBecomesTheNextRevisionOfTheSameReport() {
        UUID original = UUID.randomUUID();
        UUID edit = UUID.randomUUID();
        byte[] picture = photo("edit", 700);
        FormInstance sent = filled(original).set("photo1", "e.jpg");
        String first = sent.xml();
        String corrected = sent.set("count", "14").deprecating("uuid:" + original, "uuid:" + edit).xml();
        assertThat(post(new Multipart().xml(first).file("e.jpg", "image/jpeg", picture)).status()).isEqualTo(201);
        String report = reportId(original);
        long reports = Rows.reports();

        Api.Answer answer = post(new Multipart().xml(corrected).file("e.jpg", "image/jpeg", picture));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.header("Location")).isEqualTo("/api/v1/reports/" + report);
        assertThat(Rows.reports()).as("no second report").isEqualTo(reports);
        assertThat(reportId(edit)).isEqualTo(report);
        assertThat(Rows.text("SELECT event_count::text || ' ' || revision FROM report WHERE id = ?::uuid", report))
                .isEqualTo("14 2");
        assertThat(Rows.text("SELECT event_count::text || ' ' || client_report_id FROM report_version"
                + " WHERE id = ?::uuid AND revision = 1", report)).isEqualTo("12 " + original);
        assertThat(Rows.count("SELECT count(*) FROM incident_report WHERE report_id = ?::uuid", report)).isEqualTo(1);
        assertThat(attachments(edit)).as("the photo stays attached").isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'report.revise' AND target_id = ?",
                report)).isEqualTo(1);

        long events = Rows.count("SELECT count(*) FROM audit_event");
        Api.Answer resentEdit = post(new Multipart().xml(corrected));
        Api.Answer resentOriginal = post(new Multipart().xml(first));
        assertThat(resentEdit.status()).as(resentEdit.toString()).isEqualTo(201);
        assertThat(resentOriginal.status()).as("the first instance, resent late: " + resentOriginal).isEqualTo(201);
        assertThat(Rows.count("SELECT count(*) FROM audit_event")).as("nothing new").isEqualTo(events);
        assertThat(Rows.reports()).isEqualTo(reports);

        Api.Answer secondEditOfTheOriginal = post(new Multipart().xml(filled(original).set("count", "15")
                .deprecating("uuid:" + original, "uuid:" + UUID.randomUUID()).xml()));
        assertThat(secondEditOfTheOriginal.status()).as(secondEditOfTheOriginal.toString()).isEqualTo(409);
        assertThat(secondEditOfTheOriginal.body()).contains("OpenRosaResponse").contains("revision 2");
        assertThat(secondEditOfTheOriginal.header("X-OpenRosa-Version")).isEqualTo("1.0");
        assertThat(Rows.text("SELECT event_count::text FROM report WHERE id = ?::uuid", report)).isEqualTo("14");

        Api.Answer unknownOriginal = post(new Multipart().xml(filled(original)
                .deprecating("uuid:" + UUID.randomUUID(), "uuid:" + UUID.randomUUID()).xml()));
        assertThat(unknownOriginal.status()).isEqualTo(400);
    }

    @Test
    void theSameInstanceIdNamingAnotherPhotoIs409AndStoresNothing() {
        UUID id = UUID.randomUUID();
        assertThat(post(new Multipart().xml(filled(id).set("photo1", "first.jpg").xml())
                .file("first.jpg", "image/jpeg", photo("first", 400))).status()).isEqualTo(201);
        long events = Rows.count("SELECT count(*) FROM audit_event");

        Api.Answer otherPhoto = post(new Multipart().xml(filled(id).set("photo1", "second.jpg").xml())
                .file("second.jpg", "image/jpeg", photo("second", 400)));

        assertThat(otherPhoto.status()).as(otherPhoto.toString()).isEqualTo(409);
        assertThat(otherPhoto.body()).contains("OpenRosaResponse");
        assertThat(attachments(id)).isEqualTo(1);
        assertThat(Rows.count("SELECT count(*) FROM audit_event")).isEqualTo(events);
    }

    @Test
    void badValuesAre400WithTheFormPathAndStoreNothing() {
        long before = Rows.reports();
        String[][] cases = {
                {"count", "many", "/data/count"},
                {"location", "33.1", "/data/location"},
                {"location", "95.0 35.4 0 5", "/data/location"},
                {"category", "PICNIC", "/data/category"},
                {"observed_at", "yesterday", "/data/observed_at"},
                {"meta/instanceID", "uuid:not-a-uuid", "/data/meta/instanceID"},
                {"location", "1e999999999 35.4 0 5", "/data/location"},
                {"location", "33.1 NaN", "/data/location"},
                {"count", "1e400", "/data/count"},
                {"distance", "-1e308", "/data/distance"},
                {"alleged_parties", "PARTY-A PARTY-A", "/data/alleged_parties"},
                {"description", "x".repeat(10_001), "/data/description"}};
        for (String[] c : cases) {
            Api.Answer a = post(new Multipart().xml(filled(UUID.randomUUID()).set(c[0], c[1]).xml()));
            assertThat(a.status()).as(c[0] + "=" + c[1] + ": " + a).isEqualTo(400);
            assertThat(a.body()).as(c[0]).contains("OpenRosaResponse").contains(c[2]);
        }
        Api.Answer unnamed = post(new Multipart().xml(filled(UUID.randomUUID()).xml())
                .file("stray.jpg", "image/jpeg", photo("s", 10)));
        assertThat(unnamed.status()).isEqualTo(400);
        Api.Answer noXml = post(new Multipart().file("a.jpg", "image/jpeg", photo("a", 10)));
        assertThat(noXml.status()).isEqualTo(400);
        assertThat(Rows.reports()).isEqualTo(before);
    }

    @Test
    void mediaAreForTheSubmitterAndTheChairOnly() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] p = photo("m", 2000);
        post(new Multipart().xml(filled(id).set("photo1", "m.jpg").xml()).file("m.jpg", "image/jpeg", p));
        String path = "/api/v1/reports/" + reportId(id) + "/attachments/m.jpg";
        TestUsers users = new TestUsers(access, anonymous);

        // The list names the file with its type, size and hash; listing reads no bytes, so audits nothing.
        Api.Answer listed = users.as("chair", grant("chair", MECH)).get("/api/v1/reports/" + reportId(id) + "/attachments");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().get(0).path("name").asText()).isEqualTo("m.jpg");
        assertThat(listed.json().get(0).path("sizeBytes").asInt()).isEqualTo(p.length);
        assertThat(listed.json().get(0).path("sha256").asText()).isEqualTo(sha256(p));
        assertThat(users.as("delegate", delegate(MECH, "PARTY-A")).get("/api/v1/reports/" + reportId(id) + "/attachments")
                .status()).isEqualTo(403);
        Api.Answer mine = users.signIn(monitor).send(HttpRequest.newBuilder(server.getURI().resolve(path)).GET());
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.header("ETag")).isEqualTo("\"" + sha256(p) + "\"");
        assertThat(users.as("chair", grant("chair", MECH)).get(path).status()).isEqualTo(200);
        assertThat(users.as("delegate", delegate(MECH, "PARTY-A")).get(path).status()).isEqualTo(403);
        assertThat(users.as("monitor", grant("monitor", MECH)).get(path).status()).isEqualTo(404);
        assertThat(anonymous.get(path).status()).isEqualTo(401);
        assertThat(device.get(path).status()).as("Basic is not accepted on the JSON API").isEqualTo(401);
        // Each read of the file, and only each read, is in the audit chain with the file's hash.
        assertThat(Rows.text("SELECT string_agg(actor || ' ' || after_digest || ' ' || (details::jsonb ->> 'name'), ',' ORDER BY seq)"
                + " FROM audit_event WHERE action = 'report.media_read' AND target_id = ?", reportId(id)))
                .startsWith(monitor + " " + sha256(p) + " m.jpg,chair-").endsWith(sha256(p) + " m.jpg")
                .doesNotContain("delegate");
        assertThat(Rows.count("SELECT count(*) FROM audit_event WHERE action = 'report.media_read' AND target_id = ?",
                reportId(id))).isEqualTo(2);
    }

    @Test
    void anAudioFileIsStoredByteForByteWithItsType() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] p = photo("u", 5000);
        post(new Multipart().xml(filled(id).set("audio", "voice.m4a").xml()).file("voice.m4a", "audio/mp4", p));
        assertThat(Rows.text("SELECT content_type || ' ' || size_bytes FROM report_attachment a JOIN report r"
                + " ON r.id = a.report_id WHERE r.client_report_id = ?", id)).isEqualTo("audio/mp4 5000");
        assertThat(Rows.text("SELECT encode(sha256(lo_get(content_oid)), 'hex') = encode(sha256, 'hex') AND encode(sha256, 'hex') = ?"
                + " FROM report_attachment a JOIN report r ON r.id = a.report_id WHERE r.client_report_id = ?",
                sha256(p), id)).isEqualTo("t");
    }
}
