package org.trucewatch.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.support.TestUsers;

/**
 * A JSON body whose bytes are not UTF-8 is refused on every JSON route (400 malformed-json,
 * naming the offset), never stored with U+FFFD in place of what the witness wrote.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonEncodingIT implements PostgisFixture {
    private static final String GEO_JSON = "application/geo+json";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    Api anonymous;
    Api monitor;
    Api admin;

    @BeforeAll
    void clients() {
        anonymous = new Api(server.getURI());
        TestUsers users = new TestUsers(access, anonymous);
        monitor = users.as("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));
        admin = users.as("admin", TestUsers.admin());
    }

    /** {@code json} with the first {@code @} replaced by the raw bytes {@code hex}. */
    static byte[] withBytes(String json, String hex) {
        int at = json.indexOf('@');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(json.substring(at + 1).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static void assertNotUtf8(Api.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("type").asText()).isEqualTo("/problems/malformed-json");
        assertThat(problem.path("errors").get(0).path("pointer").asText()).isEmpty();
        assertThat(problem.path("errors").get(0).path("detail").asText()).contains("not UTF-8").contains("offset");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a lone 0xFF                          | ff
            Latin-1 é                            | e9
            a three-byte sequence cut short      | e282
            an overlong '/'                      | c0af
            a UTF-16 surrogate encoded as UTF-8  | eda080
            a continuation byte alone            | 80
            """)
    void aReportWithBytesThatAreNotUtf8IsRefusedAndNothingIsStored(String name, String hex) {
        ReportJson report = ReportJson.valid().withText("description", "caf@ near the mosque");
        long before = Rows.reports();

        Api.Answer answer = monitor.postBytes("/api/v1/reports", GEO_JSON, withBytes(report.json(), hex));

        assertNotUtf8(answer);
        assertThat(Rows.reports()).isEqualTo(before);
        assertThat(Rows.reportsWithClientId(report.clientReportId())).isZero();
    }

    @Test
    void anotherDeclaredCharsetIs415AndUtf8InAnySpellingIsAccepted() {
        ReportJson latin1 = ReportJson.valid();
        Api.Answer refused = monitor.postBytes("/api/v1/reports", GEO_JSON + "; charset=ISO-8859-1",
                latin1.json().getBytes(StandardCharsets.ISO_8859_1));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(415);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body()).contains("RFC 8259");
        assertThat(Rows.reportsWithClientId(latin1.clientReportId())).isZero();

        String text = "قذيفة 💥 café";
        ReportJson utf8 = ReportJson.valid().withText("description", text);
        Api.Answer accepted = monitor.postBytes("/api/v1/reports", "application/json; charset=utf-8",
                utf8.json().getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        assertThat(Rows.text("SELECT description FROM report WHERE client_report_id = ?",
                UUID.fromString(utf8.clientReportId()))).isEqualTo(text);
    }

    @Test
    void everyOtherJsonRouteRefusesItToo() {
        long zones = Rows.count("SELECT count(*) FROM zone_version");
        long protocols = Rows.count("SELECT count(*) FROM mechanism_protocol");
        String zoneFile = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":"
                + "{\"type\":\"Polygon\",\"coordinates\":[[[35,33],[35.1,33],[35.1,33.1],[35,33]]]},"
                + "\"properties\":{\"code\":\"enc-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"type\":\"buffer_zone\",\"name\":{\"en\":\"Sect@ur\"}}}]}";
        String code = "enc-" + UUID.randomUUID().toString().substring(0, 6);
        String protocol = TestProtocols.lebanonLike(code).replaceFirst("\"name\": \\{", "\"name\": {\"xx\": \"@\", ");

        assertNotUtf8(anonymous.postBytes("/login", "application/json",
                withBytes("{\"username\":\"x@\",\"password\":\"y\"}", "ff")));
        assertNotUtf8(admin.postBytes("/api/v1/admin/zones?mechanism=lebanon-tripartite", GEO_JSON,
                withBytes(zoneFile, "e9")));
        assertNotUtf8(admin.postBytes("/api/v1/admin/mechanisms", "application/json", withBytes(protocol, "c0af")));

        assertThat(Rows.count("SELECT count(*) FROM zone_version")).isEqualTo(zones);
        assertThat(Rows.count("SELECT count(*) FROM mechanism_protocol")).isEqualTo(protocols);
        assertThat(Rows.count("SELECT count(*) FROM mechanism_protocol WHERE code = ?", code)).isZero();
    }
}
