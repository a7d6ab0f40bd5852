package org.trucewatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

class GreatCircleDensifierTest {
    static Geometry wkt(String wkt) throws Exception {
        return new WKTReader(Wgs84.FACTORY).read(wkt);
    }

    @Test
    void anEastWestEdgeBulgesPolewardAsItsGreatCircleDoes() throws Exception {
        Geometry dense = GreatCircleDensifier.densify(wkt("LINESTRING (-74 3, -73.6 3)"));
        Coordinate[] cs = dense.getCoordinates();
        assertThat(cs.length).isGreaterThan(45);
        assertThat(cs[0]).isEqualTo(new Coordinate(-74, 3));
        assertThat(cs[cs.length - 1]).isEqualTo(new Coordinate(-73.6, 3));
        Coordinate middle = cs[cs.length / 2];
        double north = Geodesy.distance(middle.x, 3, middle.x, middle.y);
        // sagitta of a 44.4 km chord: L²·tan φ / 8R ≈ 2.03 m
        assertThat(north).isCloseTo(2.03, within(0.05));
        for (int i = 1; i < cs.length; i++) {
            assertThat(Geodesy.distance(cs[i - 1].x, cs[i - 1].y, cs[i].x, cs[i].y)).isLessThanOrEqualTo(1000);
        }
    }

    @Test
    void shortEdgesAndAntimeridianCutsStayAsWritten() throws Exception {
        Geometry cut = wkt("POLYGON ((180 -17.1, 180 -16.8, 179.999 -16.8, 179.999 -17.1, 180 -17.1))");
        Geometry dense = GreatCircleDensifier.densify(cut);
        for (Coordinate c : dense.getCoordinates()) {
            assertThat(c.x).isIn(180.0, 179.999);
        }
        assertThat(dense.getNumPoints()).isGreaterThan(cut.getNumPoints());
        Geometry small = wkt("LINESTRING (35.1 33.1, 35.105 33.1)");
        assertThat(GreatCircleDensifier.densify(small).getNumPoints()).isEqualTo(2);
    }
}
