package org.trucewatch.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;

/** Which edges have a great-circle path along the line drawn: boundary, just inside, just outside. */
class GreatCircleEdgesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            tiny edge                                   | 0    | 0     | 0.0000001    | 0     | ''
            179.9999999° of longitude: just inside      | 0    | 0     | 179.9999999  | 0     | ''
            exactly 180° on the equator: antipodal      | 0    | 0     | 180          | 0     | spans 180°
            exactly 180° off the equator                | -90  | 10    | 90           | 10    | spans 180°
            180.0000001°: just outside                  | -90  | 10    | 90.0000001   | 10    | spans 180.0000001°
            westward, exactly 180°                      | 10   | 20    | -170         | -20   | spans 180°
            across the antimeridian as written          | 179.9| -17   | -179.9       | -17   | antimeridian
            up to the antimeridian                      | 179.9| -17   | 180          | -17   | ''
            an antimeridian cut (along ±180°)           | 180  | -17   | 180          | -16.9 | ''
            -180 to 180 at the south pole               | -180 | -90   | 180          | -90   | spans 360°
            pole to pole along a meridian               | 20   | -90   | 20           | 90    | antipodal
            pole to pole, different longitudes          | 0    | -90   | 90           | 90    | antipodal
            near the poles but not antipodal            | 0    | 89.99 | 0            | -89.99| ''
            """)
    void anEdgeIsRefusedExactlyWhenItHasNoGreatCirclePathAlongTheLineDrawn(String name, double ax, double ay,
                                                                             double bx, double by, String why) {
        String reason = GreatCircleEdges.whyUndefined(new Coordinate(ax, ay), new Coordinate(bx, by));

        if (why.isEmpty()) {
            assertThat(reason).as(name).isNull();
        } else {
            assertThat(reason).as(name).contains(why);
        }
    }
}
