package org.trucewatch.gis;

import java.util.Arrays;
import java.util.List;
import org.trucewatch.geo.Bbox;
import org.trucewatch.problem.ProblemException;

/**
 * The coordinate reference systems layers are served in (OGC API Features Part 2, OGC 18-058r1).
 * The store is EPSG:4326 in longitude/latitude order, i.e. CRS84. EPSG:4326 proper is
 * latitude first (its axis order as the EPSG registry defines it, §6.2 of 18-058r1); EPSG:3857
 * is the web map's Pseudo-Mercator, which PostGIS projects to ({@code ST_Transform}).
 */
public enum Crs {
    CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, 7),
    EPSG_4326("http://www.opengis.net/def/crs/EPSG/0/4326", 4326, true, 7),
    EPSG_3857("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false, 3);

    /** Pseudo-Mercator's sphere radius, metres (EPSG method 1024). */
    private static final double R = 6378137.0;
    /** Pseudo-Mercator's latitude limit: the square world of web maps. */
    public static final double MERCATOR_MAX_LAT = 85.0511287798066;

    private final String uri;
    private final int srid;
    private final boolean latitudeFirst;
    private final int decimals;

    Crs(String uri, int srid, boolean latitudeFirst, int decimals) {
        this.uri = uri;
        this.srid = srid;
        this.latitudeFirst = latitudeFirst;
        this.decimals = decimals;
    }

    public String uri() {
        return uri;
    }

    /** The PostGIS SRID coordinates are computed in (axis order aside). */
    public int srid() {
        return srid;
    }

    /** True when positions are written (and bbox-crs boxes read) latitude first. */
    public boolean latitudeFirst() {
        return latitudeFirst;
    }

    /** Decimals written: 7 for degrees (about 1 cm), 3 for metres. */
    public int decimals() {
        return decimals;
    }

    public static List<String> uris() {
        return Arrays.stream(values()).map(Crs::uri).toList();
    }

    public static Crs parse(String raw, String parameter) {
        if (raw == null || raw.isBlank()) {
            return CRS84;
        }
        String wanted = raw.strip();
        if (wanted.startsWith("[") && wanted.endsWith("]")) {
            wanted = wanted.substring(1, wanted.length() - 1); // safe CURIE form, e.g. [EPSG:4326]
        }
        for (Crs crs : values()) {
            if (crs.uri.equals(wanted) || crs.curie().equalsIgnoreCase(wanted)) {
                return crs;
            }
        }
        throw ProblemException.invalidParameter(parameter, "'" + raw + "' is not a supported CRS; supported: "
                + String.join(", ", uris()));
    }

    private String curie() {
        return this == CRS84 ? "OGC:CRS84" : "EPSG:" + srid;
    }

    /**
     * A {@code bbox} given in this CRS ({@code bbox-crs}), as a CRS84 box. Pseudo-Mercator is
     * cylindrical, so a box maps to a box exactly (inverse of EPSG method 1024).
     */
    public Bbox toCrs84(String raw, String parameter) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (this == CRS84) {
            return Bbox.parse(raw, parameter);
        }
        String[] parts = raw.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw ProblemException.invalidParameter(parameter, "must be 4 numbers or 6 with heights; got " + parts.length);
        }
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw ProblemException.invalidParameter(parameter, "'" + parts[i] + "' is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw ProblemException.invalidParameter(parameter, "'" + parts[i] + "' is not a finite number");
            }
        }
        int h = parts.length == 6 ? 1 : 0;
        double a1 = v[0];
        double b1 = v[1];
        double a2 = v[2 + h];
        double b2 = v[3 + h];
        if (this == EPSG_4326) {
            return Bbox.parse(b1 + "," + a1 + "," + b2 + "," + a2, parameter);
        }
        double limit = Math.PI * R;
        for (double m : new double[] {a1, b1, a2, b2}) {
            if (Math.abs(m) > limit * 1.0000001) {
                throw ProblemException.invalidParameter(parameter, m + " is outside the Pseudo-Mercator plane (±" + limit + " m)");
            }
        }
        return Bbox.parse(lon(a1) + "," + lat(b1) + "," + lon(a2) + "," + lat(b2), parameter);
    }

    private static double lon(double x) {
        return Math.max(-180, Math.min(180, Math.toDegrees(x / R)));
    }

    private static double lat(double y) {
        return Math.max(-90, Math.min(90, Math.toDegrees(Math.PI / 2 - 2 * Math.atan(Math.exp(-y / R)))));
    }
}
