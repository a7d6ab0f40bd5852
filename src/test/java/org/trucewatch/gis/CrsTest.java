package org.trucewatch.gis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.trucewatch.geo.Bbox;
import org.trucewatch.problem.ProblemException;

class CrsTest {

    @ParameterizedTest
    @CsvSource({
            "http://www.opengis.net/def/crs/OGC/1.3/CRS84, CRS84",
            "http://www.opengis.net/def/crs/EPSG/0/4326, EPSG_4326",
            "http://www.opengis.net/def/crs/EPSG/0/3857, EPSG_3857",
            "[EPSG:4326], EPSG_4326",
            "OGC:CRS84, CRS84"})
    void parsesUrisAndSafeCuries(String raw, Crs expected) {
        assertThat(Crs.parse(raw, "crs")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EPSG:31467", "http://www.opengis.net/def/crs/EPSG/0/4327", "4326", "crs84 "})
    void refusesOthersNamingTheParameter(String raw) {
        assertThatThrownBy(() -> Crs.parse(raw, "bbox-crs")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("bbox-crs");
    }

    @org.junit.jupiter.api.Test
    void epsg4326BoxesAreLatitudeFirst() {
        Bbox box = Crs.EPSG_4326.toCrs84("33,35,34,36", "bbox");
        assertThat(box).isEqualTo(new Bbox(35, 33, 36, 34));
        assertThatThrownBy(() -> Crs.EPSG_4326.toCrs84("95,35,96,36", "bbox")).isInstanceOf(ProblemException.class);
    }

    @org.junit.jupiter.api.Test
    void pseudoMercatorBoxesMapToTheSameBoxInDegrees() {
        // EPSG Guidance Note 7-2 §1.3.3.2 example values are for the ellipsoid; these are the sphere's (method 1024).
        Bbox box = Crs.EPSG_3857.toCrs84("1113194.9079,4938869.1758,1224514.3987,5012341.6634", "bbox");
        assertThat(box.minLon()).isCloseTo(10.0, offset(1e-9));
        assertThat(box.minLat()).isCloseTo(40.5, offset(1e-9));
        assertThat(box.maxLon()).isCloseTo(11.0, offset(1e-9));
        assertThat(box.maxLat()).isCloseTo(41.0, offset(1e-6));
        assertThatThrownBy(() -> Crs.EPSG_3857.toCrs84("0,0,30000000,1", "bbox")).isInstanceOf(ProblemException.class);
    }

    /** The rule of zone imports holds on the way out too: a served CRS needs no datum shift from the store's WGS 84. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Crs.class)
    void everyServedCrsIsOnTheWgs84DatumSoNothingIsShiftedOnTheWayOut(Crs crs) {
        var frame = org.trucewatch.geo.ToWgs84.from("EPSG", (long) crs.srid());
        var point = org.trucewatch.geo.Wgs84.FACTORY.createPoint(new org.locationtech.jts.geom.Coordinate(1000, 1000));
        var moved = frame.transform(point);
        org.assertj.core.api.Assertions.assertThat(moved.transformations()).allSatisfy(t -> {
            org.assertj.core.api.Assertions.assertThat(t.accuracyM()).isZero();
            org.assertj.core.api.Assertions.assertThat(t.code()).isNull();
            org.assertj.core.api.Assertions.assertThat(t.datumShiftOmitted()).isFalse();
        });
    }
}
