package org.trucewatch.geo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import org.trucewatch.problem.FieldError;
import org.trucewatch.problem.JsonPointer;

/**
 * Reads an RFC 7946 geometry object into JTS and says, for each thing wrong, the JSON
 * pointer of the offending member. Written here rather than taken from JTS's GeoJsonReader
 * because that reader stops at the first error with a message that names no position,
 * accepts out-of-range coordinates, and does not check ring validity.
 *
 * <p>Every edge must have a great-circle path along the line drawn ({@link GreatCircleEdges}):
 * no edge spans 180° of longitude or more, none joins antipodal points.
 *
 * <p>Only the geometry types a report may carry are read: Point, LineString, Polygon.
 * Positions are [longitude, latitude] (§3.1.1); altitude is refused rather than dropped,
 * because the store is two-dimensional and a silently lost value is worse than an error.
 */
public final class GeoJsonGeometryReader {
    /** Large enough for a hand-drawn area, small enough that one report cannot stall the geofence. */
    public static final int MAX_POSITIONS = 10_000;
    private static final Set<String> MEMBERS = Set.of("type", "coordinates", "bbox");

    private final List<FieldError> errors;
    private int positions;

    private GeoJsonGeometryReader(List<FieldError> errors) {
        this.errors = errors;
    }

    /**
     * Reads {@code node} (found at {@code pointer}) or returns null after adding at least one
     * error to {@code errors}.
     */
    public static Geometry read(JsonNode node, String pointer, List<FieldError> errors) {
        return new GeoJsonGeometryReader(errors).geometry(node, pointer);
    }

    /** Reads a bare position {@code [longitude, latitude]} (e.g. an observer's location) as a Point. */
    public static Point readPosition(JsonNode node, String pointer, List<FieldError> errors) {
        Coordinate c = new GeoJsonGeometryReader(errors).position(node, pointer);
        return c == null ? null : Wgs84.FACTORY.createPoint(c);
    }

    private Geometry geometry(JsonNode node, String pointer) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return fail(pointer, "a geometry is required: a GeoJSON Point, LineString or Polygon");
        }
        if (!node.isObject()) {
            return fail(pointer, "must be a GeoJSON geometry object");
        }
        int before = errors.size();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                String why = name.equals("crs")
                        ? "'crs' is not supported: RFC 7946 coordinates are always WGS 84 longitude, latitude"
                        : "unknown member of a geometry; allowed: type, coordinates, bbox";
                fail(JsonPointer.child(pointer, name), why);
            }
        }
        JsonNode type = node.get("type");
        JsonNode coordinates = node.get("coordinates");
        String typePointer = JsonPointer.child(pointer, "type");
        String coordinatesPointer = JsonPointer.child(pointer, "coordinates");
        if (type == null || !type.isTextual()) {
            return fail(typePointer, "must be one of Point, LineString, Polygon");
        }
        if (coordinates == null || !coordinates.isArray()) {
            return fail(coordinatesPointer, "must be an array of positions");
        }
        Geometry geometry = switch (type.asText()) {
            case "Point" -> point(coordinates, coordinatesPointer);
            case "LineString" -> lineString(coordinates, coordinatesPointer);
            case "Polygon" -> polygon(coordinates, coordinatesPointer);
            default -> fail(typePointer, "geometry type '" + type.asText()
                    + "' is not accepted for a report; use Point, LineString or Polygon");
        };
        return errors.size() == before ? geometry : null;
    }

    private Geometry point(JsonNode coordinates, String pointer) {
        Coordinate c = position(coordinates, pointer);
        return c == null ? null : Wgs84.FACTORY.createPoint(c);
    }

    private Geometry lineString(JsonNode coordinates, String pointer) {
        Coordinate[] cs = positions(coordinates, pointer);
        if (cs == null) {
            return null;
        }
        if (cs.length < 2) {
            return fail(pointer, "a LineString needs at least two positions (RFC 7946 §3.1.4)");
        }
        if (new CoordinateList(cs, false).size() < 2) {
            return fail(pointer, "a LineString needs at least two distinct positions");
        }
        return Wgs84.FACTORY.createLineString(cs);
    }

    private Geometry polygon(JsonNode coordinates, String pointer) {
        if (coordinates.isEmpty()) {
            return fail(pointer, "a Polygon needs at least one linear ring (an empty polygon is not a location)");
        }
        List<LinearRing> rings = new ArrayList<>();
        for (int i = 0; i < coordinates.size(); i++) {
            String ringPointer = JsonPointer.child(pointer, i);
            Coordinate[] cs = positions(coordinates.get(i), ringPointer);
            if (cs == null) {
                continue;
            }
            if (cs.length < 4) {
                fail(ringPointer, "a linear ring needs at least four positions (RFC 7946 §3.1.6)");
            } else if (!cs[0].equals2D(cs[cs.length - 1])) {
                fail(ringPointer, "a linear ring must be closed: its last position must equal its first");
            } else {
                rings.add(Wgs84.FACTORY.createLinearRing(cs));
            }
        }
        if (rings.size() != coordinates.size()) {
            return null;
        }
        Polygon polygon = Wgs84.FACTORY.createPolygon(rings.get(0),
                rings.subList(1, rings.size()).toArray(LinearRing[]::new));
        TopologyValidationError invalid = new IsValidOp(polygon).getValidationError();
        if (invalid != null) {
            Coordinate at = invalid.getCoordinate();
            String where = at == null ? "" : " at [" + at.x + ", " + at.y + "]";
            return fail(pointer, "the polygon is not valid: " + invalid.getMessage().toLowerCase() + where);
        }
        return polygon;
    }

    private Coordinate[] positions(JsonNode array, String pointer) {
        if (array == null || !array.isArray()) {
            fail(pointer, "must be an array of positions");
            return null;
        }
        if (array.isEmpty()) {
            fail(pointer, "must not be empty");
            return null;
        }
        Coordinate[] cs = new Coordinate[array.size()];
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            cs[i] = position(array.get(i), JsonPointer.child(pointer, i));
            ok &= cs[i] != null;
        }
        for (int i = 1; ok && i < cs.length; i++) {
            // PostGIS geography (distances, the geofence) fails on such an edge: refuse it here, at its end position.
            String undefined = GreatCircleEdges.whyUndefined(cs[i - 1], cs[i]);
            if (undefined != null) {
                fail(JsonPointer.child(pointer, i), undefined);
                ok = false;
            }
        }
        return ok ? cs : null;
    }

    private Coordinate position(JsonNode position, String pointer) {
        if (++positions > MAX_POSITIONS) {
            if (positions == MAX_POSITIONS + 1) {
                fail(pointer, "a report geometry may have at most " + MAX_POSITIONS + " positions");
            }
            return null;
        }
        if (position == null || !position.isArray() || position.size() < 2) {
            return fail(pointer, "a position is an array [longitude, latitude]");
        }
        if (position.size() > 2) {
            return fail(pointer, "altitude is not supported: send [longitude, latitude]");
        }
        Double lon = number(position.get(0), JsonPointer.child(pointer, 0));
        Double lat = number(position.get(1), JsonPointer.child(pointer, 1));
        if (lon == null || lat == null) {
            return null;
        }
        boolean ok = true;
        if (lon < -180 || lon > 180) {
            fail(JsonPointer.child(pointer, 0), "longitude " + lon + " is outside [-180, 180]");
            ok = false;
        }
        if (lat < -90 || lat > 90) {
            String hint = Math.abs(lon) <= 90 ? "; positions are [longitude, latitude] (RFC 7946 §3.1.1)" : "";
            fail(JsonPointer.child(pointer, 1), "latitude " + lat + " is outside [-90, 90]" + hint);
            ok = false;
        }
        return ok ? new Coordinate(lon, lat) : null;
    }

    private Double number(JsonNode node, String pointer) {
        if (node == null || !node.isNumber()) {
            fail(pointer, "must be a number");
            return null;
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            fail(pointer, "must be a finite number");
            return null;
        }
        return value;
    }

    private <T> T fail(String pointer, String detail) {
        errors.add(FieldError.at(pointer, detail));
        return null;
    }
}
