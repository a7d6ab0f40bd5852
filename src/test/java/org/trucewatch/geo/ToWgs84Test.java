package org.trucewatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Point;

class ToWgs84Test {
    static final String NGA_3857_WKT1 = "PROJCS[\"WGS 84 / Pseudo-Mercator\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\","
            + "SPHEROID[\"WGS 84\",6378137,298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],"
            + "PROJECTION[\"Mercator_1SP\"],PARAMETER[\"central_meridian\",0],PARAMETER[\"scale_factor\",1],"
            + "PARAMETER[\"false_easting\",0],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1]]";

    static Coordinate transform(ToWgs84 t, double x, double y) {
        Point p = Wgs84.FACTORY.createPoint(new Coordinate(x, y));
        return t.apply(p).getCoordinate();
    }

    @Test
    void pseudoMercatorIsSphericalWhateverTheFileSays() {
        // x = R·λ, y = R·ln tan(π/4 + φ/2) with R = 6378137 (EPSG guidance note 7-2, method 1024)
        Coordinate c = transform(ToWgs84.from("EPSG", 3857L, NGA_3857_WKT1), 3900000, 3900000);
        assertThat(c.x).isCloseTo(Math.toDegrees(3900000 / 6378137.0), within(1e-9));
        assertThat(c.y).isCloseTo(Math.toDegrees(2 * Math.atan(Math.exp(3900000 / 6378137.0)) - Math.PI / 2), within(1e-9));
    }

    @Test
    void theSameWkt1WithoutTheCodeWouldBeTheEllipsoidalMercator() {
        // why the special case exists: read literally, the GeoPackage WKT is 19 km off at 33°N
        Coordinate c = transform(ToWgs84.from(null, null, NGA_3857_WKT1), 3900000, 3900000);
        assertThat(c.y - 33.0353724029497).isGreaterThan(0.15);
    }

    @Test
    void utmComesFromSisItself() {
        Coordinate c = transform(ToWgs84.from("EPSG", 32637L), 500000, 3700000);
        assertThat(c.x).isCloseTo(39.0, within(1e-9));
        assertThat(c.y).isCloseTo(33.4393946725094, within(1e-9));  // gdaltransform
    }

    @Test
    void anUnknownCrsIsNamed() {
        // a code the EPSG dataset does not have (it has EPSG:2154 since SIS reads the whole dataset)
        assertThatThrownBy(() -> ToWgs84.from("EPSG", 999999L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EPSG:999999");
    }
}
