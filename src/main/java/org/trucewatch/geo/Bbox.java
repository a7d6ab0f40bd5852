package org.trucewatch.geo;

import org.trucewatch.problem.ProblemException;

/**
 * A bounding box in CRS84 as OGC API Features writes it: {@code minLon,minLat,maxLon,maxLat}
 * or with heights {@code minLon,minLat,minH,maxLon,maxLat,maxH} (heights are ignored: the
 * store is two-dimensional). A box whose west edge is east of its east edge crosses the
 * antimeridian (OGC 17-069r4 §7.15.3, RFC 7946 §5.2) and is matched as two boxes.
 */
public record Bbox(double minLon, double minLat, double maxLon, double maxLat) {

    public static Bbox parse(String raw, String parameter) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String[] parts = raw.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw ProblemException.invalidParameter(parameter,
                    "must be 4 numbers (minLon,minLat,maxLon,maxLat) or 6 with heights; got " + parts.length);
        }
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw ProblemException.invalidParameter(parameter, "'" + parts[i] + "' is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw ProblemException.invalidParameter(parameter, "'" + parts[i] + "' is not a finite number");
            }
        }
        Bbox box = parts.length == 4 ? new Bbox(v[0], v[1], v[2], v[3]) : new Bbox(v[0], v[1], v[3], v[4]);
        box.check(parameter);
        return box;
    }

    private void check(String parameter) {
        for (double lon : new double[] {minLon, maxLon}) {
            if (lon < -180 || lon > 180) {
                throw ProblemException.invalidParameter(parameter, "longitude " + lon + " is outside [-180, 180]");
            }
        }
        for (double lat : new double[] {minLat, maxLat}) {
            if (lat < -90 || lat > 90) {
                throw ProblemException.invalidParameter(parameter, "latitude " + lat + " is outside [-90, 90]");
            }
        }
        if (minLat > maxLat) {
            throw ProblemException.invalidParameter(parameter, "minimum latitude " + minLat
                    + " is north of maximum latitude " + maxLat);
        }
    }

    public boolean crossesAntimeridian() {
        return minLon > maxLon;
    }
}
