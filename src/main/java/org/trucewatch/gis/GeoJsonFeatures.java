package org.trucewatch.gis;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes features as GeoJSON straight to a Jackson generator, one at a time, so a page or a
 * whole export never sits in memory as a tree. Geometry follows RFC 7946 as
 * {@link org.trucewatch.geo.GeoJsonGeometryWriter} does (exterior rings counter-clockwise,
 * holes clockwise, §3.1.6; fixed decimals, §11.2), without building a map per geometry.
 */
public final class GeoJsonFeatures {
    private GeoJsonFeatures() {
    }

    /** One Feature: id, geometry (null when absent), the fields' values in schema order. */
    public static void feature(JsonGenerator g, LayerFeature f, List<LayerField> fields, int decimals) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        g.writeStringField("id", f.id());
        g.writeFieldName("geometry");
        geometry(g, f.geometry(), decimals);
        g.writeObjectFieldStart("properties");
        for (LayerField field : fields) {
            Object v = f.properties().get(field.name());
            if (v != null) {
                g.writeFieldName(field.name());
                value(g, v);
            }
        }
        g.writeEndObject();
    }

    /** Call after {@link #feature} (and any members of your own, such as links) to close the Feature. */
    public static void end(JsonGenerator g) throws IOException {
        g.writeEndObject();
    }

    static void value(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof OffsetDateTime t) {
            g.writeString(t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    public static void geometry(JsonGenerator g, Geometry geometry, int decimals) throws IOException {
        if (geometry == null || geometry.isEmpty()) {
            g.writeNull();
            return;
        }
        double scale = Math.pow(10, decimals);
        g.writeStartObject();
        g.writeStringField("type", geometry.getGeometryType());
        if (geometry.getNumGeometries() > 1 || geometry.getGeometryType().startsWith("Multi")) {
            g.writeArrayFieldStart("coordinates");
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                coordinates(g, geometry.getGeometryN(i), scale);
            }
            g.writeEndArray();
        } else {
            g.writeFieldName("coordinates");
            coordinates(g, geometry, scale);
        }
        g.writeEndObject();
    }

    private static void coordinates(JsonGenerator g, Geometry geometry, double scale) throws IOException {
        if (geometry instanceof Point p) {
            position(g, p.getCoordinateSequence(), 0, scale);
        } else if (geometry instanceof Polygon p) {
            g.writeStartArray();
            ring(g, p.getExteriorRing(), true, scale);
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                ring(g, p.getInteriorRingN(i), false, scale);
            }
            g.writeEndArray();
        } else if (geometry instanceof LineString l) {
            sequence(g, l.getCoordinateSequence(), false, scale);
        } else {
            throw new IllegalArgumentException("cannot write a " + geometry.getGeometryType() + " here");
        }
    }

    private static void ring(JsonGenerator g, LineString ring, boolean exterior, double scale) throws IOException {
        CoordinateSequence seq = ring.getCoordinateSequence();
        boolean ccw = Orientation.isCCW(seq);
        sequence(g, seq, ccw != exterior, scale);
    }

    private static void sequence(JsonGenerator g, CoordinateSequence seq, boolean reverse, double scale) throws IOException {
        g.writeStartArray();
        int n = seq.size();
        for (int i = 0; i < n; i++) {
            position(g, seq, reverse ? n - 1 - i : i, scale);
        }
        g.writeEndArray();
    }

    private static void position(JsonGenerator g, CoordinateSequence seq, int i, double scale) throws IOException {
        g.writeStartArray();
        g.writeNumber(Math.round(seq.getX(i) * scale) / scale);
        g.writeNumber(Math.round(seq.getY(i) * scale) / scale);
        g.writeEndArray();
    }
}
