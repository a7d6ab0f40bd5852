package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.mechanisms.MechanismService;
import org.trucewatch.support.Api;
import org.trucewatch.support.AuditSeals;
import org.trucewatch.support.ForkedService;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * A 100 MB video through {@code /submission} to a second instance of the service started in its
 * own JVM with a 256 MB heap that exits on the first OutOfMemoryError: the upload is generated
 * as it is sent (the test never holds it either), stored, downloaded and hashed as it streams
 * back, and its SHA-256 is the one in the audit chain. A server that held the file whole (or
 * twice, as bytes and as a bytea parameter) could not take it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeMediaUploadIT implements PostgisFixture {
    static final String MECH = "bigmedia-" + UUID.randomUUID().toString().substring(0, 6);
    static final long VIDEO_BYTES = 100L * 1024 * 1024;

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    @Inject
    MechanismService mechanisms;

    ForkedService fork;
    String monitor;
    String chair;

    @BeforeAll
    void setUp() throws Exception {
        TestProtocols.load(mechanisms, MECH);
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitor = users.create("collect", grant("monitor", MECH));
        chair = users.create("chair", grant("chair", MECH));
        fork = ForkedService.start("large-media-upload");
    }

    @AfterAll
    void tearDown() {
        if (fork != null) {
            fork.close();
        }
    }

    @Test
    void aHundredMegabyteVideoUploadsWithin256MegabytesOfHeapAndItsSha256MatchesTheDownloadAndTheAuditChain()
            throws Exception {
        UUID id = UUID.randomUUID();
        String boundary = "----odk" + UUID.randomUUID().toString().replace("-", "");
        String xml = "<?xml version=\"1.0\"?>\n<data id=\"" + XFormBuilder.formId(MECH) + "\"><location>33.1 35.4 0 5</location>"
                + "<observed_at>2026-01-01T10:00:00.000+02:00</observed_at><category>EXPLOSION</category>"
                + "<video>patrol.mp4</video><meta><instanceID>uuid:" + id + "</instanceID></meta></data>";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"xml_submission_file\"; filename=\"submission.xml\""
                + "\r\nContent-Type: text/xml\r\n\r\n" + xml + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"patrol.mp4\"; filename=\"patrol.mp4\"\r\nContent-Type: video/mp4\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");

        HttpRequest request = HttpRequest.newBuilder(fork.uri("/submission"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", basic(monitor))
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() ->
                        new SequenceInputStream(java.util.Collections.enumeration(List.of(new ByteArrayInputStream(head),
                                new DigestInputStream(new GeneratedVideo(VIDEO_BYTES), sent), new ByteArrayInputStream(tail))))),
                        head.length + VIDEO_BYTES + tail.length))
                .build();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(() -> answer.body() + "\n" + fork.log()).isEqualTo(201);
        assertThat(answer.body()).contains("<OpenRosaResponse xmlns=\"http://openrosa.org/http/response\">");
        assertThat(fork.isAlive()).as(fork::log).isTrue();
        String sha256 = HexFormat.of().formatHex(sent.digest());
        String reportId = Rows.text("SELECT id::text FROM report WHERE client_report_id = ?", id);
        assertThat(Rows.text("SELECT size_bytes || ' ' || encode(sha256, 'hex') FROM report_attachment WHERE report_id = ?::uuid",
                reportId)).isEqualTo(VIDEO_BYTES + " " + sha256);

        // Recorded in the audit chain, and sealed into it.
        long seq = Rows.count("SELECT seq FROM audit_event WHERE action = 'report.attach' AND target_id = ? AND after_digest = ?",
                reportId, sha256);
        AuditSeals.awaitSealed(seq);

        // The download streams back the same bytes.
        HttpResponse<InputStream> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(fork.uri(
                        "/api/v1/reports/" + reportId + "/attachments/patrol.mp4"))
                .header("Authorization", "Bearer " + bearer(chair)).timeout(Duration.ofMinutes(10)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Length")).hasValue(String.valueOf(VIDEO_BYTES));
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long length;
        try (InputStream in = new DigestInputStream(download.body(), received)) {
            length = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(length).isEqualTo(VIDEO_BYTES);
        assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(sha256);
        assertThat(fork.isAlive()).as(fork::log).isTrue();
        assertThat(fork.log()).doesNotContain("OutOfMemoryError");
        // Nothing left in the decoder's buffer directory once the request is answered.
        try (var left = Files.list(fork.tmp())) {
            assertThat(left.filter(p -> p.getFileName().toString().contains("FUp_"))).isEmpty();
        }
    }

    /** Bytes made as they are read (an xorshift sequence): 100 MB that never exist whole. */
    static final class GeneratedVideo extends InputStream {
        private long left;
        private long state = 0x9E3779B97F4A7C15L;

        GeneratedVideo(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            left -= n;
            return n;
        }
    }

    /** The media download takes bearer tokens only (HTTP Basic is for device paths). */
    private String bearer(String user) throws Exception {
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(fork.uri("/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\""
                        + TestUsers.PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login::body).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(login.body()).path("access_token").asText();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
