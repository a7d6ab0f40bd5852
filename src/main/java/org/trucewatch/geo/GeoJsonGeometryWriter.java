package org.trucewatch.geo;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/**
 * RFC 7946 output: longitude first, no {@code crs} member, exterior rings counter-clockwise
 * (§3.1.6, the right-hand rule) and 7 decimals (about 1 cm, §11.2 asks for no more than needed).
 */
public final class GeoJsonGeometryWriter {
    public static final int DECIMALS = 7;

    private GeoJsonGeometryWriter() {
    }

    public static String write(Geometry geometry) {
        // GeoJsonWriter keeps per-call state only, but it is cheap; one per call keeps it thread-safe.
        GeoJsonWriter writer = new GeoJsonWriter(DECIMALS);
        writer.setEncodeCRS(false);
        writer.setForceCCW(true);
        return writer.write(geometry);
    }
}
