package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * A file added to one's own report through the JSON API ({@code PUT /api/v1/reports/{id}/attachments/{name}}),
 * as the web app sends each photo after its report: the bytes stored are the bytes sent (SHA-256
 * read back from the large object in PostgreSQL), once (the same bytes again are 200, others
 * 409), audited; and every refusal (size, type, name, someone else's report, past triage)
 * stores nothing: no row, no large object, no audit event.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttachmentUploadIT implements PostgisFixture {
    static final String MECH = "upload-" + UUID.randomUUID().toString().substring(0, 6);
    static final int MAX_PHOTO = 4_000;

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    Api monitor;
    Api otherMonitor;
    Api chair;
    Api partyDelegate;

    @BeforeAll
    void setUp() {
        mechanisms.load(TestProtocols.lebanonLike(MECH).replaceFirst("\\{", "{\"media\": {\"maxPhotoBytes\": "
                + MAX_PHOTO + "},"), "test");
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitor = users.as("monitor", grant("monitor", MECH));
        otherMonitor = users.as("monitor", grant("monitor", MECH));
        chair = users.as("chair", grant("chair", MECH));
        partyDelegate = users.as("delegate", delegate(MECH, "PARTY-A"));
    }

    /** A report of this test's own, hours and kilometres from the others (so never linked to theirs). */
    private String report(int n) {
        String observed = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1 + 6L * n).truncatedTo(ChronoUnit.SECONDS).toString();
        ReportJson report = ReportJson.valid().point(-30.9 + 0.05 * n, -30.9 + 0.05 * n).withText("observedAt", observed)
                .withText("mechanism", MECH);
        Api.Answer a = monitor.post("/api/v1/reports", "application/geo+json", report.json());
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    private static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) seed);
        b[0] = (byte) 0xFF; // the start of a JPEG: not one that parses, which a photo need not
        b[1] = (byte) 0xD8;
        return b;
    }

    /**
     * As the web app sends a file from a browser: its type, an Accept for the JSON answer or a
     * problem, and the Origin header a browser adds to every PUT (with it, a JSON-only filter
     * once judged a photo's bytes as text).
     */
    private static Api.Answer put(Api who, String id, String name, String type, byte[] body) {
        String origin = who.base().toString().replaceAll("/$", "");
        return who.send(HttpRequest.newBuilder(who.base().resolve("/api/v1/reports/" + id + "/attachments/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")))
                .header("Content-Type", type).header("Accept", "application/json, application/problem+json")
                .header("Origin", origin).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** The same, with no Content-Length (chunked): the limit must hold as the bytes arrive. */
    private static Api.Answer putChunked(Api who, String id, String name, String type, byte[] body) {
        return who.send(HttpRequest.newBuilder(who.base().resolve("/api/v1/reports/" + id + "/attachments/" + name))
                .header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** What PostgreSQL holds for the file: the row's SHA-256, and the SHA-256 of its large object's bytes. */
    private static String stored(String id, String name) {
        return Rows.text("SELECT encode(sha256, 'hex') || ' ' || encode(sha256(lo_get(content_oid)), 'hex') || ' ' || size_bytes"
                + " || ' ' || content_type FROM report_attachment WHERE report_id = ?::uuid AND name = ?", id, name);
    }

    private static long files(String id) {
        return Rows.count("SELECT count(*) FROM report_attachment WHERE report_id = ?::uuid", id);
    }

    private static long attachAudits(String id) {
        return Rows.count("SELECT count(*) FROM audit_event WHERE action = 'report.attach' AND target_id = ?", id);
    }

    private static long largeObjects() {
        return Rows.count("SELECT count(*) FROM pg_largeobject_metadata");
    }

    @Test
    void aPhotoIsStoredOnceAsSentAndTheSameNameWithOtherBytesIsRefused() throws Exception {
        String id = report(1);
        byte[] photo = bytes(MAX_PHOTO, 7); // exactly the limit: accepted
        Api.Answer first = put(monitor, id, "photo-1.jpg", "image/jpeg", photo);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().path("sha256").asText()).isEqualTo(sha256(photo));
        assertThat(stored(id, "photo-1.jpg")).isEqualTo(sha256(photo) + " " + sha256(photo) + " " + MAX_PHOTO + " image/jpeg");

        Api.Answer again = put(monitor, id, "photo-1.jpg", "image/jpeg", photo);
        assertThat(again.status()).as("the same bytes again: " + again).isEqualTo(200);
        long objects = largeObjects();
        Api.Answer other = put(monitor, id, "photo-1.jpg", "image/jpeg", bytes(100, 9));
        assertThat(other.status()).as(other.toString()).isEqualTo(409);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.json().path("type").asText()).isEqualTo("/problems/report-conflict");
        assertThat(stored(id, "photo-1.jpg")).startsWith(sha256(photo) + " " + sha256(photo));
        assertThat(files(id)).isEqualTo(1);
        assertThat(attachAudits(id)).isEqualTo(1);
        assertThat(largeObjects()).isEqualTo(objects);

        // The submitter and the chair's staff read it back; the bytes are the ones sent.
        Api.Answer listed = chair.get("/api/v1/reports/" + id + "/attachments");
        assertThat(listed.json().get(0).path("sha256").asText()).isEqualTo(sha256(photo));
        assertThat(monitor.get("/api/v1/reports/" + id + "/attachments/photo-1.jpg").status()).isEqualTo(200);
    }

    @Test
    void aFileOverTheLimitIsRefusedWithNothingStoredWhetherOrNotItsLengthIsDeclared() {
        String id = report(2);
        long objects = largeObjects();
        Api.Answer declared = put(monitor, id, "big.jpg", "image/jpeg", bytes(MAX_PHOTO + 1, 1));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(413);
        assertThat(declared.json().path("type").asText()).isEqualTo("/problems/payload-too-large");
        assertThat(declared.json().path("detail").asText()).contains("big.jpg").contains(String.valueOf(MAX_PHOTO));
        Api.Answer chunked = putChunked(monitor, id, "big.jpg", "image/jpeg", bytes(3 * MAX_PHOTO, 1));
        assertThat(chunked.status()).as(chunked.toString()).isEqualTo(413);
        assertThat(files(id)).isZero();
        assertThat(attachAudits(id)).isZero();
        assertThat(largeObjects()).isEqualTo(objects);
        // Under the limit without a declared length: stored.
        assertThat(putChunked(monitor, id, "small.jpg", "image/jpeg", bytes(10, 2)).status()).isEqualTo(201);
        assertThat(files(id)).isEqualTo(1);
    }

    @Test
    void aPhotoLargerThanTheServersRequestBufferArrivesWhole() throws Exception {
        // A mechanism at the default limits (photos 20 MB): 17 MB is over the 16 MB the server
        // buffers, so the file must stream from the browser's request into its large object.
        String mechanism = MECH + "-default";
        TestProtocols.load(mechanisms, mechanism);
        Api author = new TestUsers(access, new Api(server.getURI())).as("monitor", grant("monitor", mechanism));
        String observed = OffsetDateTime.now(ZoneOffset.UTC).minusHours(40).truncatedTo(ChronoUnit.SECONDS).toString();
        Api.Answer report = author.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(-29.5, -29.5)
                .withText("observedAt", observed).withText("mechanism", mechanism).json());
        String id = report.json().path("id").asText();
        byte[] photo = bytes(17_000_000, 5);
        Api.Answer put = put(author, id, "photo-1.jpg", "image/jpeg", photo);
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
        assertThat(stored(id, "photo-1.jpg")).isEqualTo(sha256(photo) + " " + sha256(photo) + " 17000000 image/jpeg");
    }

    @Test
    void aFileOfAnotherTypeOrUnderAnUnusableNameIsRefusedNamingWhatIsWrong() {
        String id = report(3);
        long objects = largeObjects();
        Api.Answer text = put(monitor, id, "notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(text.status()).as(text.toString()).isEqualTo(415);
        assertThat(text.json().path("errors").get(0).path("header").asText()).isEqualTo("Content-Type");
        Api.Answer control = put(monitor, id, "a\u0001b.jpg", "image/jpeg", bytes(10, 3));
        assertThat(control.status()).as(control.toString()).isEqualTo(400);
        assertThat(control.json().path("errors").get(0).path("parameter").asText()).isEqualTo("name");
        Api.Answer longName = put(monitor, id, "x".repeat(256), "image/jpeg", bytes(10, 3));
        assertThat(longName.status()).as(longName.toString()).isEqualTo(400);
        assertThat(files(id)).isZero();
        assertThat(largeObjects()).isEqualTo(objects);
    }

    @Test
    void onlyTheSubmitterAddsFilesAndOnlyUntilTheIncidentIsPastTriage() {
        String id = report(4);
        long objects = largeObjects();
        assertThat(put(otherMonitor, id, "p.jpg", "image/jpeg", bytes(10, 4)).status())
                .as("another monitor does not see the report").isEqualTo(404);
        Api.Answer reader = put(partyDelegate, id, "p.jpg", "image/jpeg", bytes(10, 4));
        assertThat(reader.status()).as(reader.toString()).isEqualTo(403);
        assertThat(reader.json().path("type").asText()).isEqualTo("/problems/forbidden");
        assertThat(put(chair, id, "p.jpg", "image/jpeg", bytes(10, 4)).status()).as("not the chair's report").isEqualTo(403);
        assertThat(put(monitor, id, "p.jpg", "image/jpeg", bytes(10, 4)).status()).isEqualTo(201);

        String incident = Rows.text("SELECT incident_id::text FROM incident_report WHERE report_id = ?::uuid", id);
        for (String to : new String[] {"triaged", "under_verification"}) {
            assertThat(chair.post("/api/v1/incidents/" + incident + "/transitions", "application/json",
                    "{\"to\":\"" + to + "\"}").status()).isEqualTo(200);
        }
        Api.Answer late = put(monitor, id, "q.jpg", "image/jpeg", bytes(10, 5));
        assertThat(late.status()).as(late.toString()).isEqualTo(409);
        assertThat(late.json().path("type").asText()).isEqualTo("/problems/report-past-triage");
        assertThat(files(id)).isEqualTo(1);
        assertThat(attachAudits(id)).isEqualTo(1);
        assertThat(largeObjects()).isEqualTo(objects + 1);
        assertThat(put(monitor, UUID.randomUUID().toString(), "p.jpg", "image/jpeg", bytes(10, 4)).status()).isEqualTo(404);
    }
}
