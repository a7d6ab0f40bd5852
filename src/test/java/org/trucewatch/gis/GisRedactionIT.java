package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.delegate;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Gdal;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.ReportJson;
import org.trucewatch.support.TestUsers;

/**
 * The GIS outlets redact exactly as the report API does: a party delegate (and GIS staff)
 * gets neither source identity, nor source notes, nor who submitted a report, nor any
 * report of a sensitive category — through the OGC layer and in every export format, read
 * back with GDAL. The chair gets all of it, so these checks can fail.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GisRedactionIT implements PostgisFixture {
    static final String MECH = "gis-redaction-mech";
    static final String SOURCE = "Salma Odeh, phone 555-0142";
    static final String NOTES = "lives next to the checkpoint; fears reprisals";

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;

    String monitorName;
    String chairName;
    String delegateName;
    String gisName;
    String ordinary;
    String sensitive;

    @BeforeAll
    void setUp() {
        TestUsers users = new TestUsers(access, new Api(server.getURI()));
        monitorName = users.create("monitor", grant("monitor", MECH));
        chairName = users.create("chair", grant("chair", MECH));
        delegateName = users.create("delegate", delegate(MECH, "LAF"));
        gisName = users.create("gis", grant("gis_analyst", MECH));
        Api monitor = users.signIn(monitorName);
        String source = "{\"type\":\"PARTY_COMPLAINT\",\"reliability\":\"C\",\"identity\":\"" + SOURCE
                + "\",\"notes\":\"" + NOTES + "\"}";
        ordinary = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(30.1, -20.1)
                .withText("mechanism", MECH).with("source", source).json()).json().path("id").asText();
        sensitive = monitor.post("/api/v1/reports", "application/geo+json", ReportJson.valid().point(30.2, -20.2)
                .withText("mechanism", MECH).withText("category", "SEXUAL_VIOLENCE").with("source", source).json())
                .json().path("id").asText();
    }

    private Api basic(String user) {
        return new Api(server.getURI()).withBasic(user, TestUsers.PASSWORD);
    }

    @Test
    void theOgcLayerIsRedactedForDelegatesAndGisStaff() {
        for (String reader : List.of(delegateName, gisName)) {
            Api api = basic(reader);
            Api.Answer page = api.get("/ogc/collections/reports/items?limit=100&mechanism=" + MECH);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains(ordinary).doesNotContain(sensitive).doesNotContain(SOURCE)
                    .doesNotContain(NOTES).doesNotContain(monitorName).doesNotContain("submittedBy")
                    .doesNotContain("sourceIdentity");
            assertThat(page.json().path("numberMatched").asInt()).isEqualTo(1);
            Api.Answer one = api.get("/ogc/collections/reports/items/" + ordinary);
            assertThat(one.body()).doesNotContain(SOURCE).doesNotContain(NOTES).doesNotContain(monitorName);
            assertThat(one.json().path("properties").path("sourceReliability").asText()).isEqualTo("C");
            assertThat(api.get("/ogc/collections/reports/items/" + sensitive).status()).isEqualTo(404);
        }
        Api.Answer chair = basic(chairName).get("/ogc/collections/reports/items?limit=100&mechanism=" + MECH);
        assertThat(chair.body()).contains(ordinary, sensitive, SOURCE, NOTES, monitorName);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reports.gpkg", "reports.shp.zip", "reports.kml", "reports.geojson", "reports.csv",
        "reports.xlsx", "reports-points.gpkg", "reports-points.csv"})
    void everyExportFormatIsRedactedForADelegate(String file) throws Exception {
        String delegateView = readable(download(delegateName, file));
        assertThat(delegateView).contains(ordinary).doesNotContain(sensitive).doesNotContain(SOURCE)
                .doesNotContain(NOTES).doesNotContain(monitorName).doesNotContain("submittedBy")
                .doesNotContain("submit_by").doesNotContain("sourceIdentity").doesNotContain("src_ident");
        String chairView = readable(download(chairName, file));
        assertThat(chairView).contains(ordinary, sensitive, SOURCE, NOTES, monitorName);
    }

    /** Everything in the file as text: GDAL's GeoJSON rendering of each layer, plus the raw bytes where they are text. */
    private static String readable(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        if (file.toString().endsWith(".zip")) {
            for (String layer : List.of("reports_points", "reports_lines", "reports_areas")) {
                text.append(Gdal.toGeoJson("/vsizip/" + file + "/" + layer + ".shp"));
                text.append(Gdal.summary("/vsizip/" + file + "/" + layer + ".shp").output());
            }
            text.append(Gdal.run("unzip", "-p", file.toString(), "reports_texts.csv").ok().output());
        } else if (file.toString().endsWith(".gpkg")) {
            text.append(Gdal.toGeoJson(file.toString())); // every table
            text.append(Gdal.summary(file.toString()).output());
            text.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } else if (file.toString().endsWith(".xlsx")) {
            text.append(Gdal.run("unzip", "-p", file.toString()).ok().output());
        } else {
            text.append(Gdal.toGeoJson(file.toString()));
            text.append(Gdal.summary(file.toString()).output());
            text.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private Path download(String user, String file) throws IOException, InterruptedException {
        Path target = Files.createTempDirectory("gis-redaction-").resolve(file);
        HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.getURI().resolve("/api/v1/exports/" + file + "?mechanism=" + MECH))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofFile(target));
        assertThat(response.statusCode()).isEqualTo(200);
        return target;
    }
}
