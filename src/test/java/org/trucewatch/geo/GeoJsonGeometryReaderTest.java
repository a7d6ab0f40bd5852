package org.trucewatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Geometry;
import org.trucewatch.problem.FieldError;

/** Edge values of RFC 7946 geometries, without an application context. */
class GeoJsonGeometryReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Geometry read(String geoJson, List<FieldError> errors) throws Exception {
        return GeoJsonGeometryReader.read(JSON.readTree(geoJson), "/geometry", errors);
    }

    @ParameterizedTest(name = "[{0}, {1}] accepted={2}")
    @CsvSource({
            "180, 90, true",
            "-180, -90, true",
            "0, 0, true",
            "180.0000001, 0, false",
            "-180.0000001, 0, false",
            "0, 90.01, false",
            "0, -90.0001, false",
            "90.01, 180, false"})
    void positionsAreAcceptedExactlyInsideTheValidRange(double lon, double lat, boolean accepted) throws Exception {
        List<FieldError> errors = new ArrayList<>();
        Geometry g = read("{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}", errors);
        assertThat(g != null).as(errors.toString()).isEqualTo(accepted);
        assertThat(errors.isEmpty()).isEqualTo(accepted);
        if (accepted) {
            assertThat(g.getSRID()).isEqualTo(4326);
            assertThat(g.getCoordinate().x).isEqualTo(lon);
            assertThat(g.getCoordinate().y).isEqualTo(lat);
        }
    }

    @Test
    void aPolygonWithAHoleIsValidAndKeepsTheHole() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        Geometry g = read("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,10],[0,0]],"
                + "[[2,2],[2,4],[4,4],[4,2],[2,2]]]}", errors);
        assertThat(errors).isEmpty();
        assertThat(g.getArea()).isEqualTo(96.0);
    }

    @Test
    void aHoleOutsideItsShellIsRefusedWithTheReason() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        Geometry g = read("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]],"
                + "[[5,5],[5,6],[6,6],[6,5],[5,5]]]}", errors);
        assertThat(g).isNull();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo("/geometry/coordinates");
            assertThat(e.detail()).contains("hole lies outside shell");
        });
    }

    @Test
    void everyBadPositionIsReportedNotOnlyTheFirst() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        read("{\"type\":\"LineString\",\"coordinates\":[[200,0],[0,0],[0,-100]]}", errors);
        assertThat(errors).extracting(FieldError::pointer)
                .containsExactly("/geometry/coordinates/0/0", "/geometry/coordinates/2/1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an edge of 180° in a line         | {"type":"LineString","coordinates":[[0,0],[10,0],[-170,0]]}                    | /geometry/coordinates/2
            the whole world as a polygon      | {"type":"Polygon","coordinates":[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]} | /geometry/coordinates/0/1
            across the antimeridian as written| {"type":"LineString","coordinates":[[179.9,-17],[-179.9,-17]]}                 | /geometry/coordinates/1
            pole to pole                      | {"type":"LineString","coordinates":[[20,-90],[20,90]]}                         | /geometry/coordinates/1
            """)
    void anEdgeWithoutAGreatCirclePathIsRefusedAtItsEndPosition(String name, String geoJson, String pointer)
            throws Exception {
        List<FieldError> errors = new ArrayList<>();
        assertThat(read(geoJson, errors)).isNull();
        assertThat(errors).as(name).singleElement().satisfies(e -> {
            assertThat(e.pointer()).isEqualTo(pointer);
            assertThat(e.detail()).contains("great-circle path");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            just under 180° of longitude | {"type":"LineString","coordinates":[[0,0],[179.9999999,0]]}
            up to the antimeridian, cut  | {"type":"Polygon","coordinates":[[[179.9,-17],[180,-17],[180,-16.9],[179.9,-16.9],[179.9,-17]]]}
            """)
    void edgesUnder180DegreesAndAntimeridianCutsAreRead(String name, String geoJson) throws Exception {
        List<FieldError> errors = new ArrayList<>();
        assertThat(read(geoJson, errors)).as(name).isNotNull();
        assertThat(errors).isEmpty();
    }

    @Test
    void tooManyPositionsAreRefusedOnce() throws Exception {
        StringBuilder coordinates = new StringBuilder("[");
        for (int i = 0; i <= GeoJsonGeometryReader.MAX_POSITIONS; i++) {
            coordinates.append(i == 0 ? "" : ",").append("[").append(i * 1e-5).append(",0]");
        }
        List<FieldError> errors = new ArrayList<>();
        Geometry g = read("{\"type\":\"LineString\",\"coordinates\":" + coordinates + "]}", errors);
        assertThat(g).isNull();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).detail()).contains("at most " + GeoJsonGeometryReader.MAX_POSITIONS);
    }

    @Test
    void theOldCrsMemberIsRefusedWithTheReason() throws Exception {
        List<FieldError> errors = new ArrayList<>();
        read("{\"type\":\"Point\",\"coordinates\":[1,2],\"crs\":{\"type\":\"name\"}}", errors);
        assertThat(errors).extracting(FieldError::pointer).containsExactly("/geometry/crs");
    }
}
