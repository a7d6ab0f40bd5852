package org.trucewatch.geo;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * The one GeoJSON writer (RFC 7946) of the service: every outlet writes its geometries,
 * Features and FeatureCollections here, streamed to a Jackson generator (OGC API pages, file
 * exports: nothing sits in memory as a tree) or as a tree for outlets that pass the Feature on
 * (to the Redactor, into a view). Both ways are one code path.
 * <ul>
 * <li>Positions as the geometry holds them (longitude first in CRS84; the OGC API hands in
 * other CRSs already in their axis order), two ordinates, each rounded to a fixed number of
 * decimals (§11.2; {@link #DECIMALS} in CRS84, about 1 cm).</li>
 * <li>Exterior rings counter-clockwise, holes clockwise (§3.1.6, the right-hand rule).</li>
 * <li>No {@code crs} member (§4); a Feature without a geometry has {@code "geometry": null} (§3.2).</li>
 * </ul>
 */
public final class GeoJsonWriter {
    /** Decimals of a CRS84 position: 1e-7° is about 1 cm on the ground. */
    public static final int DECIMALS = 7;
    /** Reads the tokens written here back as a tree; plain, so numbers stay doubles. */
    private static final ObjectMapper TREES = new ObjectMapper();

    private GeoJsonWriter() {
    }

    /** Opens a FeatureCollection (§3.3): write its other members, then the {@code features} array, then close it. */
    public static void startFeatureCollection(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "FeatureCollection");
    }

    /**
     * Opens a Feature (§3.2) with its id and geometry: write {@code properties} and any members
     * of your own (such as links), then close it with {@code writeEndObject()}.
     */
    public static void startFeature(JsonGenerator g, String id, Geometry geometry, int decimals) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        g.writeStringField("id", id);
        g.writeFieldName("geometry");
        geometry(g, geometry, decimals);
    }

    /** One geometry object (§3.1), or null when there is none or it is empty. */
    public static void geometry(JsonGenerator g, Geometry geometry, int decimals) throws IOException {
        if (geometry == null || geometry.isEmpty()) {
            g.writeNull();
            return;
        }
        double scale = Math.pow(10, decimals);
        g.writeStartObject();
        g.writeStringField("type", geometry.getGeometryType());
        if (geometry.getClass() == GeometryCollection.class) {
            g.writeArrayFieldStart("geometries");
            for (int i = 0; i < geometry.getNumGeometries(); i++) {
                geometry(g, geometry.getGeometryN(i), decimals);
            }
            g.writeEndArray();
        } else if (geometry instanceof GeometryCollection) {
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

    /** An empty FeatureCollection as a tree, for outlets that build their answer as one. */
    public static ObjectNode featureCollection() {
        return JsonNodeFactory.instance.objectNode().put("type", "FeatureCollection");
    }

    /** A Feature as a tree with its id and geometry in {@link #DECIMALS}; add its properties. */
    public static ObjectNode feature(String id, Geometry geometry) {
        return (ObjectNode) tree(g -> {
            startFeature(g, id, geometry, DECIMALS);
            g.writeEndObject();
        });
    }

    /** A geometry as a tree in {@link #DECIMALS} (a null node when there is none). */
    public static JsonNode geometry(Geometry geometry) {
        return tree(g -> geometry(g, geometry, DECIMALS));
    }

    private interface Writing {
        void write(JsonGenerator g) throws IOException;
    }

    private static JsonNode tree(Writing writing) {
        try (TokenBuffer buffer = new TokenBuffer(TREES, false)) {
            writing.write(buffer);
            return TREES.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
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
            throw new IllegalArgumentException("a " + geometry.getGeometryType() + " has no GeoJSON coordinates");
        }
    }

    private static void ring(JsonGenerator g, LineString ring, boolean exterior, double scale) throws IOException {
        CoordinateSequence seq = ring.getCoordinateSequence();
        sequence(g, seq, Orientation.isCCW(seq) != exterior, scale);
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
