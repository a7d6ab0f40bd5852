package org.trucewatch.mechanisms;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the open incident a new report most likely describes, among candidates the database
 * found within the protocol's radius and time window for a compatible category. When both
 * the report and the incident's first report give an observer position and a bearing, the
 * two sight lines must meet within the radius of both estimates: two monitors 1.5 km apart
 * who heard explosions in opposite directions saw two events, not one.
 */
final class DuplicateMatcher {
    private static final double EARTH_RADIUS_M = 6_371_008.8;

    private DuplicateMatcher() {
    }

    /** One candidate incident with its distance to the report and its first report's sight line. */
    record Candidate(java.util.UUID incidentId, double distanceM, long minutesApart, double[] observer,
                     Double bearingDeg, double[] event) {
    }

    /** A report's sight line, when it has one: observer [lon, lat], bearing, event estimate [lon, lat]. */
    record SightLine(double[] observer, Double bearingDeg, double[] event) {
    }

    static Optional<Candidate> pick(SightLine report, List<Candidate> candidates, double radiusM) {
        return candidates.stream()
                .filter(c -> sightLinesAgree(report, c, radiusM))
                .min(Comparator.comparingDouble(Candidate::distanceM).thenComparingLong(Candidate::minutesApart));
    }

    static boolean sightLinesAgree(SightLine report, Candidate c, double radiusM) {
        if (report.observer() == null || report.bearingDeg() == null || c.observer() == null || c.bearingDeg() == null) {
            return true;
        }
        // A local equirectangular plane around the report's observer: over a few kilometres its
        // error is far below the radius, and this is a plausibility test, not a measurement.
        double lat0 = Math.toRadians(report.observer()[1]);
        double[] a = plane(report.observer(), report.observer(), lat0);
        double[] b = plane(c.observer(), report.observer(), lat0);
        double[] da = direction(report.bearingDeg());
        double[] db = direction(c.bearingDeg());
        double cross = da[0] * db[1] - da[1] * db[0];
        if (Math.abs(cross) < 1e-9) {
            return true; // parallel sight lines decide nothing
        }
        double[] ab = {b[0] - a[0], b[1] - a[1]};
        double ta = (ab[0] * db[1] - ab[1] * db[0]) / cross;
        double tb = (ab[0] * da[1] - ab[1] * da[0]) / cross;
        if (ta < 0 || tb < 0) {
            return false; // the lines meet behind one of the observers: they looked at different things
        }
        double[] meet = {a[0] + ta * da[0], a[1] + ta * da[1]};
        return distance(meet, plane(report.event(), report.observer(), lat0)) <= radiusM
                && distance(meet, plane(c.event(), report.observer(), lat0)) <= radiusM;
    }

    private static double[] plane(double[] lonLat, double[] origin, double lat0) {
        return new double[] {
            Math.toRadians(lonLat[0] - origin[0]) * Math.cos(lat0) * EARTH_RADIUS_M,
            Math.toRadians(lonLat[1] - origin[1]) * EARTH_RADIUS_M};
    }

    /** Unit vector (east, north) of a bearing from true north. */
    private static double[] direction(double bearingDeg) {
        double r = Math.toRadians(bearingDeg);
        return new double[] {Math.sin(r), Math.cos(r)};
    }

    private static double distance(double[] p, double[] q) {
        return Math.hypot(p[0] - q[0], p[1] - q[1]);
    }
}
