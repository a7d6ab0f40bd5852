package org.trucewatch.geo;

import org.apache.sis.referencing.CommonCRS;
import org.apache.sis.referencing.GeodeticCalculator;

/**
 * Metric facts on the WGS 84 ellipsoid. Distances that are stored or shown come from
 * Apache SIS's {@link GeodeticCalculator} (Karney's geodesics, ellipsoidal, the same
 * quantity PostGIS {@code geography} reports). The earth-centred coordinates below are for
 * searching only: a straight 3-D chord between two points on the ellipsoid is shorter than
 * the geodesic by about {@code d³/24R²} (under 1 mm at 10 km), so ranking candidate
 * segments by chord length picks the same nearest point as ranking by geodesic length.
 */
public final class Geodesy {
    static {
        EpsgDataset.quietDerby();
    }

    /** WGS 84 semi-major axis and flattening (NIMA TR8350.2 table 3.1). */
    public static final double A = 6_378_137.0;
    public static final double F = 1 / 298.257223563;
    public static final double E2 = F * (2 - F);
    /** Metres in one degree of latitude at the equator: the fewest anywhere (meridian radius is smallest there). */
    public static final double MIN_METRES_PER_DEGREE_LAT = 110_574.0;
    /** {@code a·π/180}: a degree of longitude at latitude φ is {@code N(φ)·cos φ·π/180 ≥} this {@code · cos φ}. */
    public static final double EQUATOR_METRES_PER_DEGREE_LON = A * Math.PI / 180;

    private static final ThreadLocal<GeodeticCalculator> CALCULATOR =
            ThreadLocal.withInitial(() -> GeodeticCalculator.create(CommonCRS.WGS84.geographic()));

    private Geodesy() {
    }

    /** Geodesic distance in metres between two longitude/latitude positions on the WGS 84 ellipsoid. */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        if (lon1 == lon2 && lat1 == lat2) {
            return 0;
        }
        GeodeticCalculator calculator = CALCULATOR.get();
        calculator.setStartGeographicPoint(lat1, lon1);
        calculator.setEndGeographicPoint(lat2, lon2);
        return calculator.getGeodesicDistance();
    }

    /** The position {@code metres} away from a start along the azimuth (degrees clockwise from north). */
    public static double[] destination(double lon, double lat, double azimuthDeg, double metres) {
        GeodeticCalculator calculator = CALCULATOR.get();
        calculator.setStartGeographicPoint(lat, lon);
        calculator.setStartingAzimuth(azimuthDeg);
        calculator.setGeodesicDistance(metres);
        double[] end = calculator.getEndPoint().getCoordinate();
        return new double[] {end[1], end[0]};
    }

    /** Earth-centred, earth-fixed coordinates (metres) of a point on the ellipsoid (height 0). */
    public static void toEcef(double lon, double lat, double[] out, int offset) {
        double phi = Math.toRadians(lat);
        double lambda = Math.toRadians(lon);
        double sinPhi = Math.sin(phi);
        double cosPhi = Math.cos(phi);
        double n = A / Math.sqrt(1 - E2 * sinPhi * sinPhi);
        out[offset] = n * cosPhi * Math.cos(lambda);
        out[offset + 1] = n * cosPhi * Math.sin(lambda);
        out[offset + 2] = n * (1 - E2) * sinPhi;
    }

    /** Degrees of latitude that surely cover {@code metres} north or south. */
    public static double latitudeSpan(double metres) {
        return metres / MIN_METRES_PER_DEGREE_LAT;
    }

    /**
     * Degrees of longitude that surely cover {@code metres} east or west anywhere between
     * latitudes {@code lat - latitudeSpan} and {@code lat + latitudeSpan}; 360 near a pole.
     */
    public static double longitudeSpan(double metres, double lat) {
        double poleward = Math.min(90, Math.abs(lat) + latitudeSpan(metres));
        double cos = Math.cos(Math.toRadians(poleward));
        return cos < 1e-6 ? 360 : Math.min(360, metres / (EQUATOR_METRES_PER_DEGREE_LON * cos));
    }
}
