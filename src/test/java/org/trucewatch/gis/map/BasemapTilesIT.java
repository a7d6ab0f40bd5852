package org.trucewatch.gis.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.trucewatch.access.AccessService;
import org.trucewatch.support.Api;
import org.trucewatch.support.Gdal;
import org.trucewatch.support.PostgisFixture;
import org.trucewatch.support.TestUsers;

/**
 * The base map from an operator's MBTiles file: GDAL makes a small one (a one-colour raster of
 * south Lebanon, 35.0–35.8 E, 33.0–33.5 N, which GDAL tiles at zoom 9), the service serves its
 * tiles by XYZ numbers (the file stores TMS rows, counted from the south), byte for byte as the
 * file holds them, with cache headers, anonymously; a tile outside the file is a 404 problem; the
 * app's TileJSON names the tiles and the file's zooms and bounds.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BasemapTilesIT implements PostgisFixture {
    static final Path DIR = Path.of("target/basemap-it");
    static final Path MBTILES = DIR.resolve("south-lebanon.mbtiles");

    @Inject
    EmbeddedServer server;
    @Inject
    AccessService access;

    @Override
    public Map<String, String> getProperties() {
        try {
            Files.createDirectories(DIR);
            Files.deleteIfExists(MBTILES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path raster = DIR.resolve("south-lebanon.tif");
        Gdal.run("gdal_create", "-q", "-of", "GTiff", "-outsize", "256", "256", "-bands", "3", "-burn", "30", "-burn", "120",
                "-burn", "200", "-a_srs", "EPSG:4326", "-a_ullr", "35.0", "33.5", "35.8", "33.0", raster.toString()).ok();
        Gdal.run("gdal_translate", "-q", "-of", "MBTiles", "-co", "TILE_FORMAT=PNG", raster.toString(), MBTILES.toString()).ok();
        Map<String, String> p = new HashMap<>(PostgisFixture.super.getProperties());
        p.put("trucewatch.basemap.mbtiles", MBTILES.toString());
        p.put("trucewatch.basemap.attribution", "© OpenStreetMap contributors");
        return p;
    }

    /** The XYZ tile holding lon/lat at zoom z, by the slippy-map formula (OSM wiki, "Slippy map tilenames"). */
    static int[] xyz(double lon, double lat, int z) {
        int n = 1 << z;
        int x = (int) Math.floor((lon + 180) / 360 * n);
        double r = Math.toRadians(lat);
        int y = (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n);
        return new int[] {z, x, y};
    }

    /** The file's bytes for a TMS row, read with SQLite directly. */
    static byte[] stored(int z, int x, int tmsRow) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + MBTILES.toAbsolutePath());
             PreparedStatement ps = c.prepareStatement("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                     + "AND tile_row = ?")) {
            ps.setInt(1, z);
            ps.setInt(2, x);
            ps.setInt(3, tmsRow);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.getURI() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aTileInsideTheFileIsServedByItsXyzNumbersAsTheFileHoldsItWithCacheHeaders() throws Exception {
        int[] t = xyz(35.5312, 33.2741, 9);
        byte[] expected = stored(t[0], t[1], (1 << t[0]) - 1 - t[2]);
        assertThat(expected).as("GDAL tiled the raster at zoom 9").isNotNull();
        HttpResponse<byte[]> r = get("/basemap/tiles/" + t[0] + "/" + t[1] + "/" + t[2]);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
        assertThat(r.body()).isEqualTo(expected);
        assertThat(r.body()).startsWith(0x89, 'P', 'N', 'G');
        // The same numbers read as a TMS row would be another tile (or none): the flip is real.
        assertThat(stored(t[0], t[1], t[2])).isNotEqualTo(expected);
    }

    @Test
    void aTileOutsideTheFileIs404ProblemJson() throws Exception {
        for (String path : new String[] {"/basemap/tiles/9/0/0", "/basemap/tiles/3/4/3", "/basemap/tiles/9/305/512",
            "/basemap/tiles/40/1/1", "/basemap/tiles/9/-1/205"}) {
            HttpResponse<byte[]> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/problem+json");
        }
    }

    @Test
    void tileNumbersThatAreNotWholeNumbersAre400ProblemJson() throws Exception {
        HttpResponse<byte[]> r = get("/basemap/tiles/9/x/205");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void theAppsTileJsonNamesTheTilesZoomsBoundsAndAttribution() {
        Api user = new TestUsers(access, new Api(server.getURI())).as("basemap-reader");
        Api.Answer a = user.get("/api/v1/map/basemap");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode doc = a.json();
        assertThat(doc.path("tilejson").asText()).isEqualTo("3.0.0");
        assertThat(doc.path("tiles").get(0).asText()).isEqualTo("/basemap/tiles/{z}/{x}/{y}");
        assertThat(doc.path("minzoom").asInt()).isEqualTo(9);
        assertThat(doc.path("maxzoom").asInt()).isEqualTo(9);
        assertThat(doc.path("format").asText()).isEqualTo("png");
        assertThat(doc.path("bounds").get(0).asDouble()).isEqualTo(35.0);
        assertThat(doc.path("bounds").get(3).asDouble()).isEqualTo(33.5);
        assertThat(doc.path("attribution").asText()).isEqualTo("© OpenStreetMap contributors");
    }
}
