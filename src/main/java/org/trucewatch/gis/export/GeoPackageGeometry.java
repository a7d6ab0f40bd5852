package org.trucewatch.gis.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

/**
 * GeoPackage binary geometry (OGC 12-128r18 §2.1.3, "StandardGeoPackageBinary"): the "GP"
 * header with version, flags, SRS id and envelope, then ISO WKB. Little-endian throughout;
 * points carry no envelope (it would repeat the point), other geometries an [x, y] envelope.
 */
final class GeoPackageGeometry {
    private final WKBWriter wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN, false);

    byte[] encode(Geometry g, int srsId) {
        byte[] body = wkb.write(g);
        boolean envelope = !(g instanceof Point);
        ByteBuffer b = ByteBuffer.allocate(8 + (envelope ? 32 : 0) + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0);
        // bit 0: little-endian; bits 1-3: envelope contents indicator (1 = minx, maxx, miny, maxy).
        b.put((byte) ((envelope ? 1 : 0) << 1 | 1));
        b.putInt(srsId);
        if (envelope) {
            Envelope e = g.getEnvelopeInternal();
            b.putDouble(e.getMinX()).putDouble(e.getMaxX()).putDouble(e.getMinY()).putDouble(e.getMaxY());
        }
        b.put(body);
        return b.array();
    }
}
