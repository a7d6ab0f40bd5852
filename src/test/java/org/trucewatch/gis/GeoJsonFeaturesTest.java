package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;
import org.trucewatch.geo.GeoJsonGeometryWriter;
import org.trucewatch.geo.Wgs84;

/** The streaming writer agrees with the service's reference writer, rings and decimals included. */
class GeoJsonFeaturesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
            "POINT (35.123456789 33.1)",
            "LINESTRING (35 33, 35.5 33.25, 36 34)",
            "POLYGON ((35 33, 35 34, 36 34, 36 33, 35 33), (35.2 33.2, 35.8 33.2, 35.8 33.8, 35.2 33.2))",
            "POLYGON ((35 33, 36 33, 36 34, 35 33))",
            "MULTIPOLYGON (((179 -1, 180 -1, 180 1, 179 1, 179 -1)), ((-180 -1, -179 -1, -179 1, -180 1, -180 -1)))"})
    void writesWhatGeoJsonGeometryWriterWrites(String wkt) throws Exception {
        Geometry g = new WKTReader(Wgs84.FACTORY).read(wkt);
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
            GeoJsonFeatures.geometry(generator, g, 7);
        }
        // Numbers compare by value: 35 and 35.0 are the same coordinate.
        java.util.Comparator<com.fasterxml.jackson.databind.JsonNode> byValue = (a, b) ->
                a.isNumber() && b.isNumber() ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;
        assertThat(JSON.readTree(out.toString()).equals(byValue, JSON.readTree(GeoJsonGeometryWriter.write(g))))
                .as(out + " vs " + GeoJsonGeometryWriter.write(g)).isTrue();
    }
}
