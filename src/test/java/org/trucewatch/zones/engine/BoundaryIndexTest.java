package org.trucewatch.zones.engine;

import org.trucewatch.zones.TestZones;
import org.trucewatch.zones.model.ZoneType;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.trucewatch.geo.Geodesy;

/**
 * The branch-and-bound search against brute force: SIS geodesics to points every few metres
 * along every edge. A search that skipped the right run of segments would be caught here.
 */
class BoundaryIndexTest {
    @Test
    void theNearestBoundaryPointMatchesBruteForceGeodesics() {
        Random random = new Random(7);
        StringBuilder wkt = new StringBuilder("POLYGON ((");
        double[] first = null;
        for (int i = 0; i < 120; i++) {
            double[] p = Geodesy.destination(25.0, 60.0, 3.0 * i, 3000 + random.nextDouble() * 3000);
            first = first == null ? p : first;
            wkt.append(p[0]).append(' ').append(p[1]).append(", ");
        }
        wkt.append(first[0]).append(' ').append(first[1]).append("))");
        Geometry zone = TestZones.zone("z", ZoneType.BUFFER_ZONE, wkt.toString(), "{}").geometry();
        BoundaryIndex index = BoundaryIndex.of(zone);
        Coordinate[] ring = zone.getCoordinates();

        for (int k = 0; k < 60; k++) {
            double[] q = Geodesy.destination(25.0, 60.0, random.nextDouble() * 360, random.nextDouble() * 9000);
            double[] p = new double[3];
            Geodesy.toEcef(q[0], q[1], p, 0);
            double found = index.metres(index.nearest(q[0], q[1], p, Double.POSITIVE_INFINITY));
            double brute = Double.POSITIVE_INFINITY;
            for (int i = 0; i + 1 < ring.length; i++) {
                for (int s = 0; s <= 50; s++) {
                    double f = s / 50.0;
                    brute = Math.min(brute, Geodesy.distance(q[0], q[1], ring[i].x + f * (ring[i + 1].x - ring[i].x),
                            ring[i].y + f * (ring[i + 1].y - ring[i].y)));
                }
            }
            // brute force samples every ≤20 m, so it may overshoot by up to ~20²/(2d) m near an edge
            assertThat(found).as("query %d", k).isLessThanOrEqualTo(brute + 0.01);
            assertThat(brute - found).as("query %d", k).isLessThan(Math.max(0.05, 200 / Math.max(found, 1)));
        }
    }
}
