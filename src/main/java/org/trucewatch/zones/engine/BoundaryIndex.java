package org.trucewatch.zones.engine;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.trucewatch.geo.Geodesy;

/**
 * The segments of a zone's boundary (every ring of an area, or the parts of a line) in
 * earth-centred metres, for finding the nearest boundary point to a report in metres.
 *
 * <p>Written here rather than with JTS's {@code IndexedFacetDistance} because that measures
 * in degrees, where a degree of longitude is shorter than one of latitude by {@code cos φ}:
 * the nearest segment in degrees is not the nearest on the ground. Here the search ranks
 * segments by 3-D chord length, which orders points as the ellipsoidal geodesic does (the
 * chord is shorter by about {@code d³/24R²}), and the caller measures the winner with SIS.
 * Segments are grouped in runs of about √n with a bounding box each; runs are visited in
 * order of their box's distance and the search stops when no box can hold a nearer point.
 *
 * <p>Edges lying on the antimeridian (both ends at the same ±180° longitude) are cuts made
 * to keep a zone on both sides of it in one piece (RFC 7946 §3.1.9), not boundary, and are
 * left out for areas.
 */
final class BoundaryIndex {
    private final double[] lon;
    private final double[] lat;
    private final double[] xyz;
    /** Per segment: its first vertex; the segment runs to the next vertex. */
    private final int[] start;
    /** Per segment: B − A and 1/|B − A|². */
    private final double[] delta;
    private final int chunk;
    private final double[] boxes;

    private BoundaryIndex(double[] lon, double[] lat, int[] start) {
        this.lon = lon;
        this.lat = lat;
        this.start = start;
        int n = lon.length;
        xyz = new double[3 * n];
        for (int v = 0; v < n; v++) {
            Geodesy.toEcef(lon[v], lat[v], xyz, 3 * v);
        }
        delta = new double[4 * start.length];
        for (int s = 0; s < start.length; s++) {
            int a = 3 * start[s];
            double dx = xyz[a + 3] - xyz[a];
            double dy = xyz[a + 4] - xyz[a + 1];
            double dz = xyz[a + 5] - xyz[a + 2];
            double len2 = dx * dx + dy * dy + dz * dz;
            delta[4 * s] = dx;
            delta[4 * s + 1] = dy;
            delta[4 * s + 2] = dz;
            delta[4 * s + 3] = len2 == 0 ? 0 : 1 / len2;
        }
        chunk = Math.max(8, (int) Math.ceil(Math.sqrt(start.length)));
        int chunks = (start.length + chunk - 1) / chunk;
        boxes = new double[6 * chunks];
        for (int c = 0; c < chunks; c++) {
            double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE,
                -Double.MAX_VALUE};
            for (int s = c * chunk; s < Math.min(start.length, (c + 1) * chunk); s++) {
                for (int v = start[s]; v <= start[s] + 1; v++) {
                    for (int k = 0; k < 3; k++) {
                        box[k] = Math.min(box[k], xyz[3 * v + k]);
                        box[k + 3] = Math.max(box[k + 3], xyz[3 * v + k]);
                    }
                }
            }
            System.arraycopy(box, 0, boxes, 6 * c, 6);
        }
    }

    /** The boundary of an area (all rings, antimeridian cuts left out) or the parts of a line. */
    static BoundaryIndex of(Geometry geometry) {
        // A ±180° edge is a cut only when the area has parts on both sides to join.
        boolean cuts = geometry instanceof Polygonal && touches(geometry, 180) && touches(geometry, -180);
        List<double[]> vertices = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        for (Object component : LinearComponentExtracter.getLines(geometry)) {
            Coordinate[] cs = ((LineString) component).getCoordinates();
            int first = vertices.size();
            for (Coordinate c : cs) {
                vertices.add(new double[] {c.x, c.y});
            }
            for (int i = 0; i + 1 < cs.length; i++) {
                boolean cut = cuts && cs[i].x == cs[i + 1].x && Math.abs(cs[i].x) == 180;
                if (!cut && !cs[i].equals2D(cs[i + 1])) {
                    starts.add(first + i);
                }
            }
        }
        double[] lon = new double[vertices.size()];
        double[] lat = new double[vertices.size()];
        for (int v = 0; v < lon.length; v++) {
            lon[v] = vertices.get(v)[0];
            lat[v] = vertices.get(v)[1];
        }
        return new BoundaryIndex(lon, lat, starts.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean touches(Geometry geometry, double lon) {
        for (Coordinate c : geometry.getCoordinates()) {
            if (c.x == lon) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return start.length == 0;
    }

    /** The nearest boundary point to a query position, and how to measure to it. */
    record Nearest(double chord, int segment, double t, double queryLon, double queryLat) {
    }

    /** The nearest point to the query (lon/lat, and {@code p} its earth-centred coordinates) within {@code limitM}, or null. */
    Nearest nearest(double queryLon, double queryLat, double[] p, double limitM) {
        int chunks = boxes.length / 6;
        double[] bound = new double[chunks];
        for (int c = 0; c < chunks; c++) {
            bound[c] = boxDistance2(p, c);
        }
        double best = limitM == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : limitM * limitM;
        int bestSegment = -1;
        double bestT = 0;
        while (true) {
            int next = -1;
            for (int c = 0; c < chunks; c++) {
                if (bound[c] <= best && (next < 0 || bound[c] < bound[next])) {
                    next = c;
                }
            }
            if (next < 0) {
                break;
            }
            bound[next] = Double.POSITIVE_INFINITY;
            for (int s = next * chunk; s < Math.min(start.length, (next + 1) * chunk); s++) {
                int a = 3 * start[s];
                double px = p[0] - xyz[a];
                double py = p[1] - xyz[a + 1];
                double pz = p[2] - xyz[a + 2];
                double t = (px * delta[4 * s] + py * delta[4 * s + 1] + pz * delta[4 * s + 2]) * delta[4 * s + 3];
                t = t < 0 ? 0 : Math.min(t, 1);
                double ex = px - t * delta[4 * s];
                double ey = py - t * delta[4 * s + 1];
                double ez = pz - t * delta[4 * s + 2];
                double d2 = ex * ex + ey * ey + ez * ez;
                if (d2 < best) {
                    best = d2;
                    bestSegment = s;
                    bestT = t;
                }
            }
        }
        return bestSegment < 0 ? null : new Nearest(Math.sqrt(best), bestSegment, bestT, queryLon, queryLat);
    }

    /** Geodesic metres from the query to the nearest point (SIS, WGS 84 ellipsoid). */
    double metres(Nearest n) {
        int v = start[n.segment()];
        // Within one segment (at most ~1 km after densification) lon/lat interpolation departs from
        // the chord's foot by well under a centimetre.
        double footLon = lon[v] + n.t() * (lon[v + 1] - lon[v]);
        double footLat = lat[v] + n.t() * (lat[v + 1] - lat[v]);
        return Geodesy.distance(n.queryLon(), n.queryLat(), footLon, footLat);
    }

    /**
     * +1 when the query lies left of the line (relative to its digitising direction, seen from
     * above), -1 when right. At a vertex shared by two segments the side is the one of the
     * corner it falls in: left of both where the line turns left, left of either where it
     * turns right.
     */
    int side(double[] p, Nearest n) {
        int s = n.segment();
        int v = start[s];
        boolean left = cross(v, v + 1, p) > 0;
        if (n.t() <= 0 && s > 0 && start[s - 1] == v - 1) {
            return corner(v - 1, v, v + 1, cross(v - 1, v, p) > 0, left);
        }
        if (n.t() >= 1 && s + 1 < start.length && start[s + 1] == v + 1) {
            return corner(v, v + 1, v + 2, left, cross(v + 1, v + 2, p) > 0);
        }
        return left ? 1 : -1;
    }

    private int corner(int u, int v, int w, boolean leftOfFirst, boolean leftOfSecond) {
        boolean turnsLeft = cross(u, v, xyz, 3 * w) > 0;
        boolean left = turnsLeft ? leftOfFirst && leftOfSecond : leftOfFirst || leftOfSecond;
        return left ? 1 : -1;
    }

    private double cross(int a, int b, double[] p) {
        return cross(a, b, p, 0);
    }

    /** ((B − A) × (P − A)) · P: positive when P is counter-clockwise from AB seen from outside the earth. */
    private double cross(int a, int b, double[] p, int offset) {
        double ux = xyz[3 * b] - xyz[3 * a];
        double uy = xyz[3 * b + 1] - xyz[3 * a + 1];
        double uz = xyz[3 * b + 2] - xyz[3 * a + 2];
        double vx = p[offset] - xyz[3 * a];
        double vy = p[offset + 1] - xyz[3 * a + 1];
        double vz = p[offset + 2] - xyz[3 * a + 2];
        return (uy * vz - uz * vy) * p[offset] + (uz * vx - ux * vz) * p[offset + 1] + (ux * vy - uy * vx) * p[offset + 2];
    }

    private double boxDistance2(double[] p, int c) {
        double d2 = 0;
        for (int k = 0; k < 3; k++) {
            double lo = boxes[6 * c + k];
            double hi = boxes[6 * c + k + 3];
            double e = p[k] < lo ? lo - p[k] : p[k] > hi ? p[k] - hi : 0;
            d2 += e * e;
        }
        return d2;
    }

    /**
     * The nearest approach between this boundary and another path set, for a line or area
     * report that does not meet the boundary: between two non-crossing segments it is at an
     * end of one of them, so every vertex of each side is measured against the other.
     */
    double metresTo(BoundaryIndex other, double limitM) {
        double best = limitM;
        Nearest bestNearest = null;
        BoundaryIndex bestIndex = null;
        for (BoundaryIndex[] pair : new BoundaryIndex[][] {{this, other}, {other, this}}) {
            BoundaryIndex from = pair[0];
            BoundaryIndex to = pair[1];
            for (int v = 0; v < from.lon.length; v++) {
                double[] p = {from.xyz[3 * v], from.xyz[3 * v + 1], from.xyz[3 * v + 2]};
                Nearest n = to.nearest(from.lon[v], from.lat[v], p, best);
                if (n != null && n.chord() <= best) {
                    best = n.chord();
                    bestNearest = n;
                    bestIndex = to;
                }
            }
        }
        return bestNearest == null ? Double.POSITIVE_INFINITY : bestIndex.metres(bestNearest);
    }

    double lon(int vertex) {
        return lon[vertex];
    }

    double lat(int vertex) {
        return lat[vertex];
    }

    int vertices() {
        return lon.length;
    }

    void ecef(int vertex, double[] out) {
        System.arraycopy(xyz, 3 * vertex, out, 0, 3);
    }
}
