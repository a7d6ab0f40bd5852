package org.trucewatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/** The service's one GeoJSON writer agrees with JTS's, rings and decimals included, streamed or as a tree. */
class GeoJsonWriterTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Numbers compare by value: 35 and 35.0 are the same coordinate. */
    static final Comparator<JsonNode> BY_VALUE = (a, b) ->
            a.isNumber() && b.isNumber() ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;

    static Geometry wkt(String wkt) throws Exception {
        return new WKTReader(Wgs84.FACTORY).read(wkt);
    }

    static String streamed(Geometry g, int decimals) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
            GeoJsonWriter.geometry(generator, g, decimals);
        }
        return out.toString();
    }

    /** JTS's writer as the service used it before it had its own: RFC 7946 rings, no crs member, 7 decimals. */
    static String reference(Geometry g) {
        org.locationtech.jts.io.geojson.GeoJsonWriter jts = new org.locationtech.jts.io.geojson.GeoJsonWriter(7);
        jts.setEncodeCRS(false);
        jts.setForceCCW(true);
        return jts.write(g);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "POINT (35.123456789 33.1)",
            "LINESTRING (35 33, 35.5 33.25, 36 34)",
            "POLYGON ((35 33, 35 34, 36 34, 36 33, 35 33), (35.2 33.2, 35.8 33.2, 35.8 33.8, 35.2 33.2))",
            "POLYGON ((35 33, 36 33, 36 34, 35 33))",
            "MULTIPOLYGON (((179 -1, 180 -1, 180 1, 179 1, 179 -1)), ((-180 -1, -179 -1, -179 1, -180 1, -180 -1)))",
            "MULTIPOINT ((35 33))",
            "MULTILINESTRING ((35 33, 36 34), (37 35, 38.123456789 36))",
            "GEOMETRYCOLLECTION (POINT (35 33), POLYGON ((35 33, 35 34, 36 34, 35 33)))"})
    void writesWhatJtsWrites(String wkt) throws Exception {
        Geometry g = wkt(wkt);
        String streamed = streamed(g, GeoJsonWriter.DECIMALS);
        assertThat(JSON.readTree(streamed).equals(BY_VALUE, JSON.readTree(reference(g))))
                .as(streamed + " vs " + reference(g)).isTrue();
        assertThat(GeoJsonWriter.geometry(g)).as("the tree is the streamed text")
                .isEqualTo(JSON.readTree(streamed));
    }

    @Test
    void aFeatureHasTypeIdAndGeometryFirstAndNoGeometryIsNull() throws Exception {
        assertThat(GeoJsonWriter.feature("z1", wkt("POINT (35.5 33.25)")).toString())
                .isEqualTo("{\"type\":\"Feature\",\"id\":\"z1\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[35.5,33.25]}}");
        assertThat(GeoJsonWriter.feature("none", null).toString())
                .isEqualTo("{\"type\":\"Feature\",\"id\":\"none\",\"geometry\":null}");
        assertThat(GeoJsonWriter.geometry(wkt("POLYGON EMPTY")).isNull()).isTrue();
        assertThat(GeoJsonWriter.featureCollection().toString()).isEqualTo("{\"type\":\"FeatureCollection\"}");
    }

    @Test
    void decimalsAreTheCallersForOtherCrss() throws Exception {
        assertThat(streamed(wkt("POINT (1113194.9079327357 4938869.175874551)"), 2))
                .isEqualTo("{\"type\":\"Point\",\"coordinates\":[1113194.91,4938869.18]}");
    }
}
