package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trucewatch.support.TestUsers.grant;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.ForkedService;
import org.trucewatch.support.Gdal;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.TestDatabase;
import org.trucewatch.support.TestUsers;

/**
 * Exports stream in constant memory: 200,000 fat reports (about 280 MB of GeoJSON) exported
 * as GeoJSON and as GeoPackage by a second instance of the service started in its own JVM
 * with a 256 MB heap that exits on the first OutOfMemoryError. A server that held the file
 * (or the rows) in memory could not deliver it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeExportIT implements PostgisFixture {
    static final String MECH = "bulk-export-mech";
    static final int ROWS = 200_000;

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;

    ForkedService fork;
    String user;

    @BeforeAll
    void setUp() throws Exception {
        user = new TestUsers(access, new Api(server.getURI())).create("gis", grant("gis_analyst", MECH));
        try (Connection c = TestDatabase.get().connect(); Statement s = c.createStatement()) {
            // As a bulk load would: straight SQL, one statement, 1,000-character descriptions.
            s.execute("INSERT INTO report (id, client_report_id, content_digest, geom, observed_at, observed_utc_offset_s, "
                    + "time_precision, category, taxonomy_version, description, source_type, mechanism_code, received_at, "
                    + "submitted_by, civilians_injured) SELECT gen_random_uuid(), gen_random_uuid(), '\\x00', "
                    + "ST_SetSRID(ST_MakePoint(35 + (i % 1000) * 0.001, 33 + (i / 1000) * 0.001), 4326), "
                    + "timestamptz '2026-01-01' + i * interval '1 minute', 7200, 'exact', 'EXPLOSION', 'bulk', "
                    + "repeat('explosion heard to the north-east of the position, ', 20), 'DIRECT_OBSERVATION', '" + MECH
                    + "', now(), 'bulk-monitor', i % 4 FROM generate_series(1, " + ROWS + ") AS i");
        }
        fork = ForkedService.start("large-export");
    }

    @AfterAll
    void tearDown() {
        if (fork != null) {
            fork.close();
        }
        try (Connection c = TestDatabase.get().connectAsSuperuser(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM report WHERE mechanism_code = '" + MECH + "'");
        } catch (SQLException | IllegalStateException e) {
            // a database without superuser access keeps the rows; they are only visible in their own mechanism
        }
    }

    private Path export(String file) throws Exception {
        Path target = Files.createTempDirectory(fork.tmp(), "export-").resolve(file);
        HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(fork.uri(
                        "/api/v1/exports/" + file))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(fork.isAlive()).as(fork::log).isTrue();
        return target;
    }

    @Test
    void geoJsonAndGeoPackageOf200000RowsStreamWithin256MegabytesOfHeap() throws Exception {
        Path geojson = export("reports.geojson");
        assertThat(Files.size(geojson)).as("larger than the heap it was written with").isGreaterThan(256L << 20);
        assertThat(Gdal.summary(geojson.toString()).featureCount()).isEqualTo(ROWS);
        Files.delete(geojson);
        Path gpkg = export("reports.gpkg");
        assertThat(Gdal.summary(gpkg.toString(), "reports_points").featureCount()).isEqualTo(ROWS);
        assertThat(Gdal.run("ogrinfo", "-ro", "-sql", "SELECT sum(civiliansInjured) AS s FROM reports_points", gpkg.toString())
                .ok().output()).contains("s (Integer) = 300000");
        // The bulk-loaded R-tree (several levels at this size) is consistent, and finds one 0.001° cell's point.
        assertThat(Gdal.run("ogrinfo", "-ro", "-sql", "SELECT rtreecheck('rtree_reports_points_geom') AS c", gpkg.toString())
                .ok().output()).contains("c (String) = ok");
        assertThat(Gdal.run("ogrinfo", "-ro", "-sql", "SELECT count(*) AS n FROM rtree_reports_points_geom WHERE minx >= 35.4995 "
                + "AND maxx <= 35.5005 AND miny >= 33.0995 AND maxy <= 33.1005", gpkg.toString()).ok().output())
                .contains("n (Integer) = 1");
        Files.delete(gpkg);
        assertThat(fork.isAlive()).as(fork::log).isTrue();
        assertThat(fork.log()).doesNotContain("OutOfMemoryError");
    }
}
