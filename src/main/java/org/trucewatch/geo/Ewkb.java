package org.trucewatch.geo;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * Extended WKB, the form geometries cross JDBC in ({@code ST_GeomFromEWKB(?)} on the way in,
 * {@code ST_AsEWKB(geom)} on the way out). The SRID travels inside, so PostGIS checks it
 * against the column's type modifier instead of trusting a separate parameter.
 */
public final class Ewkb {
    private Ewkb() {
    }

    public static byte[] write(Geometry geometry) {
        if (geometry.getSRID() != Wgs84.SRID) {
            throw new IllegalArgumentException("geometry SRID " + geometry.getSRID() + " is not " + Wgs84.SRID);
        }
        return new WKBWriter(2, true).write(geometry);
    }

    public static Geometry read(byte[] ewkb) {
        if (ewkb == null) {
            return null;
        }
        try {
            return new WKBReader(Wgs84.FACTORY).read(ewkb);
        } catch (ParseException e) {
            throw new IllegalStateException("PostGIS returned unreadable EWKB", e);
        }
    }
}
