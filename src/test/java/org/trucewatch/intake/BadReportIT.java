package org.trucewatch.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.TestUsers;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.Rows;

/**
 * Each bad submission gets a 4xx problem+json that names the field at fault and why, and
 * leaves no row behind. One row of the table is one thing a real device or a careless
 * integration has sent or could send.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadReportIT implements PostgisFixture {
    private static final String GEO_JSON = "application/geo+json";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;
    Api api;

    @BeforeAll
    void client() {
        api = new TestUsers(access, new Api(server.getURI())).as("monitor", TestUsers.grant("monitor", "lebanon-tripartite"));
    }

    /** A case: name, content type, body, status, the pointer (or parameter) the problem must name, a word of the reason. */
    record Bad(String name, String contentType, String body, int status, String field, String reason, String clientReportId) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Bad bad(String name, ReportJson report, int status, String pointer, String reason) {
        return new Bad(name, GEO_JSON, report.json(), status, pointer, reason, report.clientReportId());
    }

    static Bad raw(String name, String contentType, String body, int status, String pointer, String reason) {
        return new Bad(name, contentType, body, status, pointer, reason, null);
    }

    static Stream<Arguments> cases() {
        String farFuture = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).toString();
        List<Bad> cases = new ArrayList<>(List.of(
                raw("malformed JSON", GEO_JSON, "{\"type\": \"Feature\", ", 400, "", "well-formed"),
                raw("empty body", GEO_JSON, "", 400, "", "Feature"),
                raw("NaN literal", GEO_JSON, ReportJson.valid().json().replace("\"locationAccuracyM\":25", "\"locationAccuracyM\":NaN"), 400, "", "well-formed"),
                raw("duplicate member", GEO_JSON, ReportJson.valid().json().replace("{\"type\":\"Feature\",", "{\"type\":\"Feature\",\"type\":\"Feature\","), 400, "", "well-formed"),
                raw("JSON array instead of a Feature", GEO_JSON, "[1,2]", 422, "", "Feature"),
                bad("not a Feature", ReportJson.valid().member("type", "\"FeatureCollection\""), 422, "/type", "Feature"),
                bad("missing geometry", ReportJson.valid().withoutMember("geometry"), 422, "/geometry", "required"),
                bad("geometry of a wrong type", ReportJson.valid().member("geometry", "\"35.5,33.1\""), 422, "/geometry", "geometry object"),
                bad("MultiPoint geometry", ReportJson.valid().geometry("{\"type\":\"MultiPoint\",\"coordinates\":[[35.5,33.1]]}"), 422, "/geometry/type", "MultiPoint"),
                bad("longitude 180.0001", ReportJson.valid().point(180.0001, 33.1), 422, "/geometry/coordinates/0", "longitude"),
                bad("latitude -90.0001", ReportJson.valid().point(35.5, -90.0001), 422, "/geometry/coordinates/1", "latitude"),
                bad("latitude and longitude swapped", ReportJson.valid().point(33.1, 135.5), 422, "/geometry/coordinates/1", "[longitude, latitude]"),
                bad("coordinate as a string", ReportJson.valid().geometry("{\"type\":\"Point\",\"coordinates\":[\"35.5\",33.1]}"), 422, "/geometry/coordinates/0", "number"),
                raw("Infinity from an overflowing number", GEO_JSON, ReportJson.valid().json().replace("[35.5,33.1]", "[1e400,33.1]"), 422, "/geometry/coordinates/0", "finite"),
                bad("altitude", ReportJson.valid().geometry("{\"type\":\"Point\",\"coordinates\":[35.5,33.1,120]}"), 422, "/geometry/coordinates", "altitude"),
                bad("empty polygon", ReportJson.valid().geometry("{\"type\":\"Polygon\",\"coordinates\":[]}"), 422, "/geometry/coordinates", "empty"),
                bad("self-intersecting polygon", ReportJson.valid().geometry("{\"type\":\"Polygon\",\"coordinates\":[[[35,33],[35.1,33.1],[35.1,33],[35,33.1],[35,33]]]}"), 422, "/geometry/coordinates", "self-intersection"),
                bad("unclosed ring", ReportJson.valid().geometry("{\"type\":\"Polygon\",\"coordinates\":[[[35,33],[35.1,33],[35.1,33.1],[35,33.1]]]}"), 422, "/geometry/coordinates/0", "closed"),
                bad("line of one position", ReportJson.valid().geometry("{\"type\":\"LineString\",\"coordinates\":[[35,33]]}"), 422, "/geometry/coordinates", "two positions"),
                // Edges PostGIS geography cannot follow ("antipodal edge", a 500 before) or follows elsewhere.
                bad("edge of 180° of longitude", ReportJson.valid().geometry("{\"type\":\"LineString\",\"coordinates\":[[0,0],[180,0]]}"), 422, "/geometry/coordinates/1", "180° or more"),
                bad("whole world polygon", ReportJson.valid().geometry("{\"type\":\"Polygon\",\"coordinates\":[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]}"), 422, "/geometry/coordinates/0/1", "antimeridian"),
                bad("edge across the antimeridian as written", ReportJson.valid().geometry("{\"type\":\"LineString\",\"coordinates\":[[179.9,-17],[-179.9,-17]]}"), 422, "/geometry/coordinates/1", "RFC 7946 §3.1.9"),
                bad("pole to pole", ReportJson.valid().geometry("{\"type\":\"LineString\",\"coordinates\":[[20,-90],[20,90]]}"), 422, "/geometry/coordinates/1", "antipodal"),
                bad("unknown category", ReportJson.valid().withText("category", "ALIEN_LANDING"), 422, "/properties/category", "not one of"),
                bad("category missing", ReportJson.valid().without("category"), 422, "/properties/category", "required"),
                bad("clientReportId missing", ReportJson.valid().without("clientReportId"), 422, "/properties/clientReportId", "required"),
                bad("clientReportId not a UUID", ReportJson.valid().withText("clientReportId", "report-1"), 422, "/properties/clientReportId", "UUID"),
                bad("observedAt without offset", ReportJson.valid().withText("observedAt", "2026-03-01T06:30:00"), 422, "/properties/observedAt", "offset"),
                bad("observedAt far in the future", ReportJson.valid().withText("observedAt", farFuture), 422, "/properties/observedAt", "future"),
                bad("observedUntil before observedAt", ReportJson.valid().withText("observedAt", "2026-03-01T06:30:00Z").withText("observedUntil", "2026-03-01T06:29:59Z"), 422, "/properties/observedUntil", "before"),
                bad("huge description", ReportJson.valid().withText("description", "x".repeat(10_001)), 422, "/properties/description", "at most"),
                bad("NUL in description", ReportJson.valid().withText("description", "a\u0000b"), 422, "/properties/description", "NUL"),
                bad("unknown property", ReportJson.valid().with("severity", "\"high\""), 422, "/properties/severity", "unknown"),
                bad("server id sent by the client", ReportJson.valid().member("id", "\"abc\""), 422, "/id", "server"),
                bad("wrong type for count", ReportJson.valid().with("count", "\"three\""), 422, "/properties/count", "whole number"),
                bad("fractional count", ReportJson.valid().with("count", "2.5"), 422, "/properties/count", "whole number"),
                bad("negative casualties", ReportJson.valid().with("casualties", "{\"civiliansKilled\": -1}"), 422, "/properties/casualties/civiliansKilled", "outside"),
                bad("bearing of 360", ReportJson.valid().with("bearingDeg", "360"), 422, "/properties/bearingDeg", "outside"),
                bad("negative accuracy", ReportJson.valid().with("locationAccuracyM", "-5"), 422, "/properties/locationAccuracyM", "outside"),
                bad("observer location out of range", ReportJson.valid().with("observerLocation", "[35.5, 95]"), 422, "/properties/observerLocation/1", "latitude"),
                bad("unknown source type", ReportJson.valid().with("source", "{\"type\": \"RUMOUR\"}"), 422, "/properties/source/type", "not one of"),
                bad("party code with spaces", ReportJson.valid().with("allegedParties", "[\"the army\"]"), 422, "/properties/allegedParties/0", "party code"),
                bad("properties not an object", ReportJson.valid().member("properties", "[]"), 422, "/properties", "object"),
                // An empty string is a wrong value, not an absent one: required members are refused and
                // optional codes do not silently take their default.
                bad("empty clientReportId", ReportJson.valid().withText("clientReportId", ""), 422, "/properties/clientReportId", "empty string"),
                bad("blank clientReportId", ReportJson.valid().withText("clientReportId", "  "), 422, "/properties/clientReportId", "empty string"),
                bad("empty observedAt", ReportJson.valid().withText("observedAt", ""), 422, "/properties/observedAt", "empty string"),
                bad("empty category", ReportJson.valid().withText("category", ""), 422, "/properties/category", "empty string"),
                bad("blank category", ReportJson.valid().withText("category", " \t "), 422, "/properties/category", "empty string"),
                bad("null category", ReportJson.valid().with("category", "null"), 422, "/properties/category", "required"),
                bad("empty source type", ReportJson.valid().with("source", "{\"type\": \"\"}"), 422, "/properties/source/type", "empty string"),
                bad("empty timePrecision", ReportJson.valid().withText("timePrecision", ""), 422, "/properties/timePrecision", "empty string"),
                bad("empty observedUntil", ReportJson.valid().withText("observedUntil", ""), 422, "/properties/observedUntil", "empty string"),
                bad("empty source reliability", ReportJson.valid().with("source", "{\"type\": \"DIRECT_OBSERVATION\", \"reliability\": \"\"}"), 422, "/properties/source/reliability", "empty string"),
                bad("empty mechanism", ReportJson.valid().withText("mechanism", ""), 422, "/properties/mechanism", "empty string"),
                bad("empty party code", ReportJson.valid().with("allegedParties", "[\"\"]"), 422, "/properties/allegedParties/0", "party code"),
                raw("wrong content type", "text/plain", ReportJson.valid().json(), 415, null, "text/plain"),
                raw("form content type", "application/x-www-form-urlencoded", "a=b", 415, null, "application/x-www-form-urlencoded")));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemNamingTheFieldAndStoresNothing(Bad bad) {
        long before = Rows.reports();

        Api.Answer answer = api.post("/api/v1/reports", bad.contentType(), bad.body());

        assertThat(answer.status()).as(answer.toString()).isEqualTo(bad.status());
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("type").asText()).startsWith("/problems/");
        assertThat(problem.path("status").asInt()).isEqualTo(bad.status());
        if (bad.field() != null) {
            List<String> pointers = new ArrayList<>();
            problem.path("errors").forEach(e -> pointers.add(e.path("pointer").asText()));
            assertThat(pointers).as(answer.toString()).contains(bad.field());
        }
        assertThat(answer.body()).as("the reason").containsIgnoringCase(bad.reason());
        assertThat(Rows.reports()).as("nothing stored").isEqualTo(before);
        if (bad.clientReportId() != null) {
            assertThat(Rows.reportsWithClientId(bad.clientReportId())).isZero();
        }
    }

    @org.junit.jupiter.api.Test
    void anOversizeBodyIs413ProblemAndStoresNothing() {
        long before = Rows.reports();
        byte[] body = ReportJson.valid().withText("description", "y".repeat(2_000_000)).json().getBytes(StandardCharsets.UTF_8);

        Api.Answer answer = api.postBytes("/api/v1/reports", GEO_JSON, body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("type").asText()).isEqualTo("/problems/payload-too-large");
        assertThat(Rows.reports()).isEqualTo(before);
    }
}
