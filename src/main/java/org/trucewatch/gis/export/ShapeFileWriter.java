package org.trucewatch.gis.export;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * The geometry half of a Shapefile: the main file (.shp) and its index (.shx), as the ESRI
 * Shapefile Technical Description (July 1998) defines them, for one of the three 2D shape
 * types: Point (1), PolyLine (3), Polygon (5). Written by hand because no library on Maven
 * Central writes Shapefiles (GeoTools is published elsewhere); the format is short and stable.
 * Headers are written last, when the file length and the bounding box are known.
 */
final class ShapeFileWriter implements Closeable {
    static final int POINT = 1;
    static final int POLYLINE = 3;
    static final int POLYGON = 5;
    private static final int HEADER = 100;

    private final int shapeType;
    private final Path shp;
    private final Path shx;
    private final OutputStream shpOut;
    private final OutputStream shxOut;
    private final Envelope bounds = new Envelope();
    private int records;
    /** Both in 16-bit words, as the format counts. */
    private long shpLength = HEADER / 2;

    ShapeFileWriter(Path base, int shapeType) throws IOException {
        this.shapeType = shapeType;
        this.shp = base.resolveSibling(base.getFileName() + ".shp");
        this.shx = base.resolveSibling(base.getFileName() + ".shx");
        this.shpOut = new BufferedOutputStream(Files.newOutputStream(shp), 1 << 16);
        this.shxOut = new BufferedOutputStream(Files.newOutputStream(shx), 1 << 14);
        shpOut.write(new byte[HEADER]);
        shxOut.write(new byte[HEADER]);
    }

    /** Appends one record; {@code geometry} must be of this file's shape type (lines and polygons may be multi). */
    void write(Geometry geometry) throws IOException {
        byte[] content = content(geometry);
        records++;
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        header.putInt(records).putInt(content.length / 2);
        shpOut.write(header.array());
        shpOut.write(content);
        ByteBuffer index = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        index.putInt((int) shpLength).putInt(content.length / 2);
        shxOut.write(index.array());
        shpLength += 4 + content.length / 2;
        if (shpLength > Integer.MAX_VALUE) {
            throw new IOException("a Shapefile cannot exceed 4 GB; narrow the export with bbox or datetime");
        }
        bounds.expandToInclude(geometry.getEnvelopeInternal());
    }

    private byte[] content(Geometry g) {
        if (shapeType == POINT) {
            Point p = (Point) g;
            return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(POINT).putDouble(p.getX())
                    .putDouble(p.getY()).array();
        }
        // Parts: each line, or each ring; polygons' outer rings clockwise and holes counter-clockwise (p. 9).
        java.util.List<CoordinateSequence> parts = new java.util.ArrayList<>();
        java.util.List<Boolean> reverse = new java.util.ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon polygon) {
                CoordinateSequence outer = polygon.getExteriorRing().getCoordinateSequence();
                parts.add(outer);
                reverse.add(Orientation.isCCW(outer));
                for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                    CoordinateSequence hole = polygon.getInteriorRingN(h).getCoordinateSequence();
                    parts.add(hole);
                    reverse.add(!Orientation.isCCW(hole));
                }
            } else {
                parts.add(((LineString) part).getCoordinateSequence());
                reverse.add(false);
            }
        }
        int points = parts.stream().mapToInt(CoordinateSequence::size).sum();
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * parts.size() + 16 * points).order(ByteOrder.LITTLE_ENDIAN);
        Envelope e = g.getEnvelopeInternal();
        b.putInt(shapeType).putDouble(e.getMinX()).putDouble(e.getMinY()).putDouble(e.getMaxX()).putDouble(e.getMaxY());
        b.putInt(parts.size()).putInt(points);
        int start = 0;
        for (CoordinateSequence part : parts) {
            b.putInt(start);
            start += part.size();
        }
        for (int p = 0; p < parts.size(); p++) {
            CoordinateSequence seq = parts.get(p);
            int n = seq.size();
            for (int i = 0; i < n; i++) {
                int k = reverse.get(p) ? n - 1 - i : i;
                b.putDouble(seq.getX(k)).putDouble(seq.getY(k));
            }
        }
        return b.array();
    }

    @Override
    public void close() throws IOException {
        shpOut.close();
        shxOut.close();
        header(shp, shpLength);
        header(shx, (HEADER + 8L * records) / 2);
    }

    private void header(Path file, long lengthInWords) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER);
        b.order(ByteOrder.BIG_ENDIAN).putInt(9994).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0).putInt((int) lengthInWords);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(1000).putInt(shapeType);
        boolean empty = bounds.isNull();
        b.putDouble(empty ? 0 : bounds.getMinX()).putDouble(empty ? 0 : bounds.getMinY())
                .putDouble(empty ? 0 : bounds.getMaxX()).putDouble(empty ? 0 : bounds.getMaxY());
        b.putDouble(0).putDouble(0).putDouble(0).putDouble(0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(0);
            raf.write(b.array());
        }
    }

    int records() {
        return records;
    }
}
