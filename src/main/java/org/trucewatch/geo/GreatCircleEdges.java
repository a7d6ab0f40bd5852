package org.trucewatch.geo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.locationtech.jts.geom.Coordinate;

/**
 * Which edges have a path on the globe that agrees with the line drawn in longitude and
 * latitude. The service reads an edge both ways: flat (JTS, PostGIS {@code geometry},
 * exports) and as the great-circle arc between its ends (PostGIS {@code geography}, the
 * geofence engine after {@link GreatCircleDensifier}). Two kinds of edge break that:
 *
 * <ul>
 * <li>one spanning 180° of longitude or more: its great circle either runs over a pole
 *     or the other way round the globe, not where the flat edge lies. An edge crossing the
 *     antimeridian written as 179.9 → -179.9 is one of these (359.8° as written), and flat
 *     code reads it as a band round the globe; RFC 7946 §3.1.9 asks for such geometries to
 *     be cut at ±180°, which is what the service supports.</li>
 * <li>one between antipodal points (pole to pole along a meridian, say): infinitely many
 *     great circles join them, and PostGIS refuses it ("antipodal edge").</li>
 * </ul>
 */
public final class GreatCircleEdges {
    /**
     * How close to antipodal (the length of the sum of the ends' unit vectors, about radians)
     * counts as antipodal: 1e-9 is some 6 mm on the ground, well above PostGIS's own 1e-12.
     */
    static final double ANTIPODAL_TOLERANCE = 1e-9;

    private GreatCircleEdges() {
    }

    /** Why the edge from {@code a} to {@code b} has no usable great-circle path, or null when it has one. */
    public static String whyUndefined(Coordinate a, Coordinate b) {
        double span = Math.abs(b.x - a.x);
        String edge = "the edge from " + at(a) + " to " + at(b);
        if (span >= 180) {
            return edge + " spans " + decimal(span) + "° of longitude; an edge of 180° or more has no great-circle"
                    + " path along the line drawn: add a vertex between its ends, and cut a geometry that crosses"
                    + " the antimeridian at ±180° (RFC 7946 §3.1.9)";
        }
        double[] u = unit(a);
        double[] v = unit(b);
        if (Math.sqrt(square(u[0] + v[0]) + square(u[1] + v[1]) + square(u[2] + v[2])) < ANTIPODAL_TOLERANCE) {
            return edge + " joins antipodal points, which no single great-circle path joins: add a vertex between"
                    + " its ends";
        }
        return null;
    }

    private static double[] unit(Coordinate c) {
        double phi = Math.toRadians(c.y);
        double lambda = Math.toRadians(c.x);
        return new double[] {Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)};
    }

    private static double square(double x) {
        return x * x;
    }

    /** A position as GeoJSON writes it, to 1e-7° (about a centimetre). */
    private static String at(Coordinate c) {
        return "[" + decimal(c.x) + ", " + decimal(c.y) + "]";
    }

    private static String decimal(double v) {
        return BigDecimal.valueOf(v).setScale(7, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
