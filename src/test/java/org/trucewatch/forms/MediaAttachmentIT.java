package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.security.MessageDigest;
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
 * Media at field sizes, in the service under test: per-mechanism limits refused in OpenRosa
 * XML with nothing stored (no report, no attachment, no large object), a retry without the
 * file accepted, a photo's EXIF position and time shown to the chair with its distance from
 * the report, OpenRosa XML for the framework's own errors, and https form URLs behind a proxy.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaAttachmentIT implements PostgisFixture {
    static final String MECH = "media-" + UUID.randomUUID().toString().substring(0, 6);
    static final int MAX_VIDEO = 300_000;
    static final String OPENROSA = "<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\">";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;
    Api device;
    Api chair;
    Api delegateOfA;
    String form;

    @BeforeAll
    void setUp() {
        // A protocol that sets its own video limit (and leaves photos and audio at their defaults).
        mechanisms.load(TestProtocols.lebanonLike(MECH).replaceFirst("\\{", "{\"media\": {\"maxVideoBytes\": "
                + MAX_VIDEO + "},"), "test");
        Api anonymous = new Api(server.getURI());
        TestUsers users = new TestUsers(access, anonymous);
        device = anonymous.withBasic(users.create("collect", grant("monitor", MECH)), TestUsers.PASSWORD);
        chair = users.as("chair", grant("chair", MECH));
        delegateOfA = users.as("delegate", delegate(MECH, "PARTY-A"));
        form = XFormBuilder.formId(MECH);
    }

    String instance(UUID id, String location, String media) {
        return "<?xml version=\"1.0\"?>\n<data id=\"" + form + "\"><location>" + location + " 0 5</location>"
                + "<observed_at>2026-01-01T10:00:00.000+02:00</observed_at><category>EXPLOSION</category>"
                + "<alleged_parties>PARTY-A</alleged_parties>" + media
                + "<meta><instanceID>uuid:" + id + "</instanceID></meta></data>";
    }

    Api.Answer post(Multipart m) {
        return device.postBytes("/submission", m.contentType(), m.bytes());
    }

    static long largeObjects() {
        return Rows.count("SELECT count(*) FROM pg_largeobject_metadata");
    }

    @Test
    void aVideoOverTheMechanismsLimitIs413InOpenRosaXmlStoresNothingAndTheRetryWithoutItIsAccepted() {
        UUID id = UUID.randomUUID();
        long reports = Rows.reports();
        long files = Rows.count("SELECT count(*) FROM report_attachment");
        long objects = largeObjects();
        String xml = instance(id, "33.1 35.4", "<video>clip.mp4</video>");

        Api.Answer refused = post(new Multipart().xml(xml).file("clip.mp4", "video/mp4", new byte[MAX_VIDEO + 1]));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("text/xml");
        assertThat(refused.header("X-OpenRosa-Version")).isEqualTo("1.0");
        assertThat(refused.body()).contains(OPENROSA).contains("nature=\"error\"").contains("clip.mp4")
                .contains(String.valueOf(MAX_VIDEO));
        assertThat(Rows.reports()).isEqualTo(reports);
        assertThat(Rows.count("SELECT count(*) FROM report_attachment")).isEqualTo(files);
        assertThat(largeObjects()).isEqualTo(objects);

        // Collect drops a file the server refused and sends the rest: that must go through.
        Api.Answer retry = post(new Multipart().xml(xml));
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(Rows.reportsWithClientId(id.toString())).isEqualTo(1);
        assertThat(largeObjects()).isEqualTo(objects);

        // A video at the limit is accepted, into one large object.
        Api.Answer atLimit = post(new Multipart().xml(xml).file("clip.mp4", "video/mp4", new byte[MAX_VIDEO]));
        assertThat(atLimit.status()).as(atLimit.toString()).isEqualTo(201);
        assertThat(largeObjects()).isEqualTo(objects + 1);
        assertThat(Rows.text("SELECT size_bytes || ' ' || (length(lo_get(content_oid)) = size_bytes) FROM report_attachment a"
                + " JOIN report r ON r.id = a.report_id WHERE r.client_report_id = ?", id)).isEqualTo(MAX_VIDEO + " true");
    }

    @Test
    void aPhotosExifPositionAndTimeAreShownToTheChairWithItsDistanceFromTheReportInMetres() throws Exception {
        byte[] photo = fixture();
        // The photo says 33.275 N 35.2 E. One report there, one about 3 km east of it.
        UUID near = UUID.randomUUID();
        UUID far = UUID.randomUUID();
        assertThat(post(new Multipart().xml(instance(near, "33.2751 35.2001", "<photo1>p.jpg</photo1>"))
                .file("p.jpg", "image/jpeg", photo)).status()).isEqualTo(201);
        assertThat(post(new Multipart().xml(instance(far, "33.275 35.232", "<photo1>p.jpg</photo1>"))
                .file("p.jpg", "image/jpeg", photo)).status()).isEqualTo(201);

        JsonNode nearFile = onlyFile(near);
        assertThat(nearFile.path("exifPosition").path("type").asText()).isEqualTo("Point");
        assertThat(nearFile.path("exifPosition").path("coordinates").toString()).isEqualTo("[35.2,33.275]");
        assertThat(nearFile.path("exifTakenAt").asText()).isEqualTo("2026-01-01T08:00:00Z");
        assertThat(nearFile.path("exifFarFromReport").asBoolean()).isFalse();
        assertThat(nearFile.path("distanceFromReportM").asLong()).isLessThan(50);

        JsonNode farFile = onlyFile(far);
        long metres = Long.parseLong(Rows.text("SELECT round(ST_Distance(ST_SetSRID(ST_MakePoint(35.2, 33.275), 4326)::geography,"
                + " geom::geography))::bigint::text FROM report WHERE client_report_id = ?", far));
        assertThat(metres).isBetween(2900L, 3100L);
        assertThat(farFile.path("distanceFromReportM").asLong()).isEqualTo(metres);
        assertThat(farFile.path("exifFarFromReport").asBoolean()).isTrue();
        assertThat(Rows.text("SELECT ST_AsText(exif_position) || ' ' || ST_SRID(exif_position) FROM report_attachment a"
                + " JOIN report r ON r.id = a.report_id WHERE r.client_report_id = ?", far)).isEqualTo("POINT(35.2 33.275) 4326");
        assertThat(farFile.path("sha256").asText()).isEqualTo(sha256(photo));

        // A delegate sees the report redacted: neither the photo nor its EXIF position.
        String reportId = Rows.text("SELECT id::text FROM report WHERE client_report_id = ?", far);
        Api.Answer delegates = delegateOfA.get("/api/v1/reports/" + reportId + "/attachments");
        assertThat(delegates.status()).as(delegates.toString()).isEqualTo(403);
        assertThat(delegates.body()).doesNotContain("33.275").doesNotContain("exif");

        // The download streams the bytes as received.
        Api.Answer download = chair.get("/api/v1/reports/" + reportId + "/attachments/p.jpg");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Length")).isEqualTo(String.valueOf(photo.length));
        assertThat(download.header("ETag")).isEqualTo("\"" + sha256(photo) + "\"");
    }

    @Test
    void aPhotoWithoutExifHasNoExifFields() {
        UUID id = UUID.randomUUID();
        assertThat(post(new Multipart().xml(instance(id, "33.1 35.4", "<photo1>plain.jpg</photo1>"))
                .file("plain.jpg", "image/jpeg", new byte[] {1, 2, 3})).status()).isEqualTo(201);
        JsonNode file = onlyFile(id);
        assertThat(file.has("exifPosition")).isFalse();
        assertThat(file.has("distanceFromReportM")).isFalse();
        assertThat(file.path("sizeBytes").asLong()).isEqualTo(3);
    }

    @Test
    void theFrameworksOwnErrorsOnOpenRosaPathsAreOpenRosaXml() {
        Api anonymous = new Api(server.getURI());
        Api.Answer unauthenticated = anonymous.get("/formList");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.body()).contains(OPENROSA).contains("nature=\"error\"");
        assertThat(unauthenticated.header("X-OpenRosa-Version")).isEqualTo("1.0");
        assertThat(unauthenticated.header("WWW-Authenticate")).startsWith("Basic");

        Api.Answer noForm = device.get("/forms/no-such-form.xml");
        assertThat(noForm.status()).isEqualTo(404);
        assertThat(noForm.contentType()).startsWith("text/xml");
        assertThat(noForm.body()).contains(OPENROSA);

        Api.Answer wrongType = device.post("/submission", "application/json", "{}");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.body()).contains(OPENROSA);
        assertThat(wrongType.header("X-OpenRosa-Version")).isEqualTo("1.0");

        // Elsewhere problem+json as before.
        assertThat(anonymous.get("/api/v1/reports").contentType()).startsWith("application/problem+json");
    }

    /** A declared body over 105 MB is refused before it is sent (BodySizeFilter), in OpenRosa XML too. */
    @Test
    void aDeclaredBodyOverTheSubmissionLimitIs413InOpenRosaXmlBeforeItIsRead() throws Exception {
        long objects = largeObjects();
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            String auth = device.send(HttpRequest.newBuilder(server.getURI().resolve("/formList")).GET()).raw()
                    .request().headers().firstValue("Authorization").orElseThrow();
            socket.getOutputStream().write(("POST /submission HTTP/1.1\r\nHost: " + server.getHost() + "\r\n"
                    + "Authorization: " + auth + "\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    + "Content-Length: " + (200L * 1024 * 1024) + "\r\n\r\n--x\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // Read until the message ends: the server answers without waiting for the 200 MB.
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            for (int n; answer.indexOf("</OpenRosaResponse>") < 0 && (n = socket.getInputStream().read(buffer)) > 0; ) {
                answer.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413").containsIgnoringCase("X-OpenRosa-Version: 1.0")
                    .contains(OPENROSA).contains("nature=\"error\"");
        }
        assertThat(largeObjects()).isEqualTo(objects);
    }

    @Test
    void behindAProxyThatSendsOnlyXForwardedProtoTheFormUrlsAreHttps() {
        Api.Answer list = device.send(HttpRequest.newBuilder(server.getURI().resolve("/formList"))
                .header("X-Forwarded-Proto", "https").GET());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("<downloadUrl>https://" + server.getHost() + ":" + server.getPort() + "/forms/")
                .doesNotContain("<downloadUrl>http://");

        Api.Answer direct = device.get("/formList");
        assertThat(direct.body()).contains("<downloadUrl>http://" + server.getHost() + ":" + server.getPort() + "/forms/");
    }

    @Test
    void aProtocolsMediaLimitOutOfRangeIs422NamingItsPointer() {
        Api admin = new TestUsers(access, new Api(server.getURI())).as("admin", TestUsers.admin());
        String code = "media-bad-" + UUID.randomUUID().toString().substring(0, 6);
        Api.Answer answer = admin.post("/api/v1/admin/mechanisms", "application/json", TestProtocols.lebanonLike(code)
                .replaceFirst("\\{", "{\"media\": {\"maxPhotoBytes\": 1000, \"maxVideoBytes\": 0},"));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/media/maxVideoBytes");
        assertThat(Rows.count("SELECT count(*) FROM mechanism_protocol WHERE code = ?", code)).isZero();
    }

    @Test
    void theGeneratedFormHasAVideoQuestion() {
        String xform = device.get("/forms/" + form + ".xml").body();
        assertThat(xform).contains("<upload ref=\"/data/video\"").contains("mediatype=\"video/*\"")
                .contains("type=\"binary\"");
    }

    JsonNode onlyFile(UUID clientId) {
        String reportId = Rows.text("SELECT id::text FROM report WHERE client_report_id = ?", clientId);
        Api.Answer list = chair.get("/api/v1/reports/" + reportId + "/attachments");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json().size()).isEqualTo(1);
        return list.json().get(0);
    }

    static byte[] fixture() throws IOException {
        try (InputStream in = MediaAttachmentIT.class.getResourceAsStream("/media/photo-gps.jpg")) {
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
