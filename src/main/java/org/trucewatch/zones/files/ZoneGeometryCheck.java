package org.trucewatch.zones.files;

import org.trucewatch.zones.model.ZoneType;

import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsSimpleOp;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.trucewatch.geo.GreatCircleDensifier;
import org.trucewatch.geo.GreatCircleEdges;
import org.trucewatch.geo.ToWgs84;
import org.trucewatch.geo.Transformation;
import org.trucewatch.geo.Wgs84;
import org.trucewatch.problem.FieldError;

/**
 * Brings a feature's geometry to WGS 84 and checks it: the right kind for the zone type,
 * positions on the globe, every edge with a great-circle path ({@link GreatCircleEdges}: none
 * spanning 180° of longitude or more, so a zone across the antimeridian is split there,
 * RFC 7946 §3.1.9; none between antipodal points), valid (OGC simple features) or mended on
 * request, then densified along great circles (see {@link GreatCircleDensifier}).
 */
final class ZoneGeometryCheck {
    /** A zone with more positions than this (after densification) would slow every report. */
    static final int MAX_POSITIONS = 200_000;

    record Checked(Geometry geometry, String repaired, List<Transformation> transformations) {
    }

    private ZoneGeometryCheck() {
    }

    static Checked check(RawZoneFeature feature, ToWgs84 crs, ZoneType type, boolean repair, String pointer,
                         List<FieldError> errors) {
        if (feature.geometry() == null) {
            errors.add(FieldError.at(pointer, feature.geometryProblem()));
            return null;
        }
        Geometry g;
        List<Transformation> transformations;
        try {
            ToWgs84.Result moved = crs.transform(feature.geometry());
            g = moved.geometry();
            transformations = moved.transformations();
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.at(pointer, e.getMessage()));
            return null;
        }
        g.setSRID(Wgs84.SRID);
        String kind = type.lineal() ? "a LineString or MultiLineString" : "a Polygon or MultiPolygon";
        boolean rightKind = type.lineal() ? g instanceof LineString || g instanceof MultiLineString
                : g instanceof Polygon || g instanceof MultiPolygon;
        if (!rightKind) {
            return fail(errors, pointer, "a " + type.code() + " needs " + kind + ", not a " + g.getGeometryType());
        }
        if (g.isEmpty()) {
            return fail(errors, pointer, "the geometry is empty");
        }
        String placement = placement(g);
        if (placement != null) {
            return fail(errors, pointer, placement);
        }
        String repaired = null;
        String invalid = invalidity(g);
        if (invalid != null) {
            if (!repair || g instanceof Lineal) {
                return fail(errors, pointer, invalid + (g instanceof Lineal ? ""
                        : " (import with repair to have it mended)"));
            }
            Geometry fixed = GeometryFixer.fix(g);
            if (!(fixed instanceof Polygonal) || fixed.isEmpty() || !fixed.isValid()) {
                return fail(errors, pointer, invalid + "; repair gave no valid area");
            }
            g = fixed;
            repaired = "repaired: " + invalid;
        }
        Geometry dense = GreatCircleDensifier.densify(g);
        String after = invalidity(dense);
        if (after != null) {
            return fail(errors, pointer, "with edges following great circles (as on the ground) " + after);
        }
        if (dense.getNumPoints() > MAX_POSITIONS) {
            return fail(errors, pointer, "has " + dense.getNumPoints() + " positions once edges are split at "
                    + (int) GreatCircleDensifier.MAX_EDGE_M + " m; at most " + MAX_POSITIONS + " are allowed");
        }
        dense.setSRID(Wgs84.SRID);
        return new Checked(dense, repaired, transformations);
    }

    /** Why the positions cannot be a zone on the globe, or null. */
    private static String placement(Geometry g) {
        Coordinate[] cs = g.getCoordinates();
        for (Coordinate c : cs) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y) || c.x < -180 || c.x > 180 || c.y < -90 || c.y > 90) {
                return "position " + at(c) + " is not on the globe (longitude -180..180, latitude -90..90);"
                        + " check the CRS and the axis order (longitude first)";
            }
        }
        for (int i = 0; i < g.getNumGeometries(); i++) {
            for (Object part : org.locationtech.jts.geom.util.LinearComponentExtracter.getLines(g.getGeometryN(i))) {
                Coordinate[] ring = ((LineString) part).getCoordinates();
                for (int k = 1; k < ring.length; k++) {
                    String undefined = GreatCircleEdges.whyUndefined(ring[k - 1], ring[k]);
                    if (undefined != null) {
                        return undefined;
                    }
                }
            }
        }
        return null;
    }

    private static String invalidity(Geometry g) {
        if (g instanceof Lineal) {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                if (g.getGeometryN(i).getLength() == 0) {
                    return "line " + i + " has no length";
                }
            }
            IsSimpleOp simple = new IsSimpleOp(g);
            return simple.isSimple() ? null : "the line crosses itself at " + at(simple.getNonSimpleLocation());
        }
        TopologyValidationError error = new IsValidOp(g).getValidationError();
        if (error == null) {
            return null;
        }
        return "the area is not valid: " + error.getMessage().toLowerCase(Locale.ROOT)
                + (error.getCoordinate() == null ? "" : " at " + at(error.getCoordinate()));
    }

    /** A position as GeoJSON writes it, to 1e-7° (about a centimetre). */
    static String at(Coordinate c) {
        return "[" + decimal(c.x) + ", " + decimal(c.y) + "]";
    }

    private static String decimal(double v) {
        return java.math.BigDecimal.valueOf(v).setScale(7, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    private static Checked fail(List<FieldError> errors, String pointer, String detail) {
        errors.add(FieldError.at(pointer, detail));
        return null;
    }
}
