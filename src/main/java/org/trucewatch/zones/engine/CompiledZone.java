package org.trucewatch.zones.engine;

import org.trucewatch.zones.model.Relation;
import org.trucewatch.zones.model.ZoneVersion;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.noding.SegmentIntersectionDetector;
import org.locationtech.jts.noding.SegmentStringUtil;
import org.locationtech.jts.noding.FastSegmentSetIntersectionFinder;
import org.trucewatch.geo.Geodesy;

/**
 * One zone version made ready for many evaluations: a point-in-area locator and a prepared
 * geometry (planar in longitude/latitude, which after densification is the great-circle
 * answer to about a centimetre) and the boundary in earth-centred metres for distances.
 */
final class CompiledZone {
    final ZoneVersion zone;
    private final PointOnGeometryLocator locator;
    private final PreparedGeometry prepared;
    private final BoundaryIndex boundary;
    private final double nearLineM;
    /** Closer than this a position is on the line and has no side. */
    private static final double ON_LINE_M = 0.01;

    CompiledZone(ZoneVersion zone) {
        this.zone = zone;
        Geometry g = zone.geometry();
        this.boundary = BoundaryIndex.of(g);
        this.prepared = PreparedGeometryFactory.prepare(g);
        if (zone.type().lineal()) {
            this.locator = null;
            this.nearLineM = zone.metres("nearLineM", 0);
        } else {
            IndexedPointInAreaLocator indexed = new IndexedPointInAreaLocator(g);
            // Build the lazy index now, before the snapshot is published to other threads.
            indexed.locate(g.getEnvelopeInternal().centre());
            this.locator = indexed;
            this.nearLineM = 0;
        }
        prepared.intersects(g.getFactory().createPoint(g.getCoordinate()));
    }

    /**
     * Envelopes to index: one per part for a zone that reaches the antimeridian, so that a
     * zone on both sides of ±180° is not found everywhere between them (a band round the
     * globe), else the whole envelope.
     */
    List<Envelope> envelopes() {
        Geometry g = zone.geometry();
        Envelope whole = g.getEnvelopeInternal();
        List<Envelope> out = new ArrayList<>();
        if (whole.getMinX() > -180 && whole.getMaxX() < 180) {
            out.add(whole);
            return out;
        }
        for (int i = 0; i < g.getNumGeometries(); i++) {
            out.add(g.getGeometryN(i).getEnvelopeInternal());
        }
        return out;
    }

    /** Point-in-zone only (the benchmark's "point test"): true when the zone covers the position. */
    boolean covers(Coordinate c) {
        return locator != null && locator.locate(c) != Location.EXTERIOR;
    }

    /** The finding for a point, or null when it is outside and farther than {@code reachM}. */
    ZoneFinding evaluatePoint(Coordinate c, double[] p, double accuracyM, double reachM) {
        if (locator != null) {
            boolean inside = locator.locate(c) != Location.EXTERIOR;
            BoundaryIndex.Nearest n = boundary.nearest(c.x, c.y, p, inside ? Double.POSITIVE_INFINITY : reachM);
            double d = n == null ? Double.POSITIVE_INFINITY : boundary.metres(n);
            if (!inside && d > reachM) {
                return null;
            }
            Relation relation = d < accuracyM ? Relation.INDETERMINATE : inside ? Relation.INSIDE : Relation.OUTSIDE;
            return new ZoneFinding(zone, relation, d, inside, 0, null, null);
        }
        double reach = Math.max(reachM, nearLineM + accuracyM);
        BoundaryIndex.Nearest n = boundary.nearest(c.x, c.y, p, reach);
        if (n == null) {
            return null;
        }
        double d = boundary.metres(n);
        if (d > reach) {
            return null;
        }
        return new ZoneFinding(zone, bandRelation(d, accuracyM), d, d == 0, boundary.side(p, n), false, d <= nearLineM);
    }

    /** The finding for a line or area report ({@code probe} its paths), or null when farther than {@code reachM}. */
    ZoneFinding evaluateShape(Geometry report, BoundaryIndex probe, double accuracyM, double reachM) {
        if (locator != null) {
            boolean intersects = prepared.intersects(report);
            boolean covers = intersects && prepared.covers(report);
            boolean meetsBoundary = intersects && !prepared.containsProperly(report);
            double reach = covers ? Double.POSITIVE_INFINITY : reachM;
            double d = meetsBoundary ? 0 : boundary.metresTo(probe, reach);
            if (!intersects && d > reachM) {
                return null;
            }
            Relation relation = d < accuracyM || (intersects && !covers) ? Relation.INDETERMINATE
                    : covers ? Relation.INSIDE : Relation.OUTSIDE;
            return new ZoneFinding(zone, relation, d, intersects, 0, null, null);
        }
        double reach = Math.max(reachM, nearLineM + accuracyM);
        boolean intersects = prepared.intersects(report);
        double d = intersects ? 0 : boundary.metresTo(probe, reach);
        if (d > reach) {
            return null;
        }
        int side = sideOf(representative(report));
        Boolean crosses = report instanceof LineString line ? crosses(line) : null;
        return new ZoneFinding(zone, bandRelation(d, accuracyM), d, intersects, side, crosses, d <= nearLineM);
    }

    /** Within the band of {@code nearLineM} around a line: indeterminate when its edge is within the accuracy. */
    private Relation bandRelation(double d, double accuracyM) {
        if (Math.abs(d - nearLineM) < accuracyM) {
            return Relation.INDETERMINATE;
        }
        return d <= nearLineM ? Relation.INSIDE : Relation.OUTSIDE;
    }

    /** A line report's end position (where the movement ended), an area report's interior point. */
    private static Coordinate representative(Geometry report) {
        if (report instanceof LineString line) {
            return line.getCoordinateN(line.getNumPoints() - 1);
        }
        Point interior = report.getInteriorPoint();
        return interior.getCoordinate();
    }

    private int sideOf(Coordinate c) {
        double[] p = ecef(c);
        BoundaryIndex.Nearest n = boundary.nearest(c.x, c.y, p, Double.POSITIVE_INFINITY);
        return n == null ? 0 : boundary.side(p, n);
    }

    static double[] ecef(Coordinate c) {
        double[] p = new double[3];
        Geodesy.toEcef(c.x, c.y, p, 0);
        return p;
    }

    /**
     * A movement crosses the line when a segment of it properly crosses a segment of the line,
     * or when it has positions on both sides (it may cross exactly at a vertex). Touching the
     * line and turning back is not a crossing.
     */
    private boolean crosses(LineString movement) {
        SegmentIntersectionDetector detector = new SegmentIntersectionDetector();
        detector.setFindProper(true);
        new FastSegmentSetIntersectionFinder(SegmentStringUtil.extractSegmentStrings(zone.geometry()))
                .intersects(SegmentStringUtil.extractSegmentStrings(movement), detector);
        if (detector.hasProperIntersection()) {
            return true;
        }
        int first = 0;
        for (Coordinate c : movement.getCoordinates()) {
            double[] p = ecef(c);
            BoundaryIndex.Nearest n = boundary.nearest(c.x, c.y, p, Double.POSITIVE_INFINITY);
            if (n == null || n.chord() < ON_LINE_M) {
                continue;
            }
            int side = boundary.side(p, n);
            if (first == 0) {
                first = side;
            } else if (side != first) {
                return true;
            }
        }
        return false;
    }
}
