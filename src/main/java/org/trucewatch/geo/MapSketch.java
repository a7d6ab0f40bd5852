package org.trucewatch.geo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * A small map as PNG: zone outlines in blue, the marked geometries in red (points as dots,
 * lines and areas as thick strokes), in an equirectangular frame scaled by cos(latitude) at
 * its centre, which over a few hundred kilometres is true to shape within a few percent; no
 * basemap, no labels. Hand-written Java2D because no Maven Central library renders a map
 * without GeoTools (not reachable here; docs/architecture.md). Deterministic for the same input.
 * Used by the issued reports' map and the meeting pack's map per item.
 */
public final class MapSketch {
    private MapSketch() {
    }

    /**
     * The picture. {@code frame} is the lon/lat box to show; null frames the outlines and marks
     * with a margin of 5% (and 0.01°).
     */
    public static byte[] png(int width, int height, Envelope frame, List<Geometry> outlines, List<Geometry> marks) {
        Envelope box = frame == null ? null : new Envelope(frame);
        if (box == null) {
            box = new Envelope();
            for (Geometry g : outlines) {
                box.expandToInclude(g.getEnvelopeInternal());
            }
            for (Geometry g : marks) {
                box.expandToInclude(g.getEnvelopeInternal());
            }
            if (box.isNull()) {
                box.expandToInclude(0, 0);
            }
            box.expandBy(Math.max(box.getWidth(), box.getHeight()) * 0.05 + 0.01);
        }
        Frame f = new Frame(box, width, height);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setStroke(new BasicStroke(1.5f));
        g.setColor(new Color(60, 90, 160));
        outlines.forEach(o -> stroke(g, o, f));
        g.setColor(new Color(200, 30, 30));
        g.setStroke(new BasicStroke(3f));
        for (Geometry m : marks) {
            for (int n = 0; n < m.getNumGeometries(); n++) {
                if (m.getGeometryN(n) instanceof Point p) {
                    g.fill(new Ellipse2D.Double(f.x(p.getX()) - 4, f.y(p.getY()) - 4, 8, 8));
                } else {
                    stroke(g, m.getGeometryN(n), f);
                }
            }
        }
        g.dispose();
        return png(img);
    }

    private static void stroke(Graphics2D g, Geometry geom, Frame f) {
        for (int n = 0; n < geom.getNumGeometries(); n++) {
            if (geom.getGeometryN(n) instanceof Polygon p) {
                g.draw(f.path(p.getExteriorRing().getCoordinates()));
                for (int h = 0; h < p.getNumInteriorRing(); h++) {
                    g.draw(f.path(p.getInteriorRingN(h).getCoordinates()));
                }
            } else {
                g.draw(f.path(geom.getGeometryN(n).getCoordinates()));
            }
        }
    }

    /** Lon/lat to pixels: x scaled by cos(latitude) at the centre, north up. */
    private record Frame(Envelope box, double k, double scale, int height) {
        Frame(Envelope box, int width, int height) {
            this(box, Math.cos(Math.toRadians(box.centre().y)), Math.min(width
                    / (box.getWidth() * Math.cos(Math.toRadians(box.centre().y))), height / box.getHeight()), height);
        }

        double x(double lon) {
            return (lon - box.getMinX()) * k * scale;
        }

        double y(double lat) {
            return height - (lat - box.getMinY()) * scale;
        }

        Path2D path(Coordinate[] cs) {
            Path2D.Double p = new Path2D.Double();
            for (int i = 0; i < cs.length; i++) {
                if (i == 0) {
                    p.moveTo(x(cs[i].x), y(cs[i].y));
                } else {
                    p.lineTo(x(cs[i].x), y(cs[i].y));
                }
            }
            return p;
        }
    }

    /** The image as PNG bytes (ImageIO). */
    public static byte[] png(BufferedImage img) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
