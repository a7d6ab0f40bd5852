package org.trucewatch.reports;

import com.fasterxml.jackson.databind.JsonNode;
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
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.category.DefaultCategoryDataset;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * The report's two pictures, drawn on the server as PNG from the stored content only: the daily
 * series as a bar chart (JFreeChart), and a small map of the zones' outlines and the period's
 * incidents. The map is hand-written Java2D because no Maven Central library renders a map
 * without GeoTools (not reachable here): an equirectangular frame scaled by cos(latitude) at the
 * centre, which for a mechanism's area of a few hundred kilometres is true to shape to within
 * a few percent; no basemap, no labels. Both are deterministic for the same content.
 */
final class ReportImages {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 400;

    private ReportImages() {
    }

    static byte[] chart(JsonNode daily) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (JsonNode row : daily) {
            String day = row.path("key").path("period").asText();
            JsonNode cell = row.path("values").path("incidents");
            data.addValue(cell.path("suppressed").asBoolean(false) ? null : cell.path("value").asLong(), "incidents",
                    day.length() > 5 ? day.substring(day.length() - 2) : day);
        }
        JFreeChart chart = ChartFactory.createBarChart(null, null, "incidents", data);
        chart.removeLegend();
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(false);
        chart.setTextAntiAlias(false);
        return png(chart.createBufferedImage(WIDTH, HEIGHT / 2 + 100));
    }

    static byte[] map(JsonNode zones, JsonNode incidents) {
        WKTReader reader = new WKTReader();
        Envelope box = new Envelope();
        java.util.List<Geometry> outlines = new java.util.ArrayList<>();
        try {
            for (JsonNode z : zones) {
                Geometry g = reader.read(z.path("wkt").asText());
                outlines.add(g);
                box.expandToInclude(g.getEnvelopeInternal());
            }
        } catch (ParseException e) {
            throw new IllegalStateException("a stored zone outline is not WKT", e);
        }
        incidents.forEach(i -> box.expandToInclude(i.path("lon").asDouble(), i.path("lat").asDouble()));
        if (box.isNull()) {
            box.expandToInclude(0, 0);
        }
        box.expandBy(Math.max(box.getWidth(), box.getHeight()) * 0.05 + 0.01);
        double k = Math.cos(Math.toRadians(box.centre().y));
        double scale = Math.min(WIDTH / (box.getWidth() * k), HEIGHT / box.getHeight());
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setStroke(new BasicStroke(1.5f));
        g.setColor(new Color(60, 90, 160));
        for (Geometry geom : outlines) {
            for (int n = 0; n < geom.getNumGeometries(); n++) {
                if (geom.getGeometryN(n) instanceof Polygon p) {
                    g.draw(path(p.getExteriorRing().getCoordinates(), box, k, scale));
                    for (int h = 0; h < p.getNumInteriorRing(); h++) {
                        g.draw(path(p.getInteriorRingN(h).getCoordinates(), box, k, scale));
                    }
                } else {
                    g.draw(path(geom.getGeometryN(n).getCoordinates(), box, k, scale));
                }
            }
        }
        g.setColor(new Color(200, 30, 30));
        for (JsonNode i : incidents) {
            double x = (i.path("lon").asDouble() - box.getMinX()) * k * scale;
            double y = HEIGHT - (i.path("lat").asDouble() - box.getMinY()) * scale;
            g.fill(new Ellipse2D.Double(x - 4, y - 4, 8, 8));
        }
        g.dispose();
        return png(img);
    }

    private static Path2D path(Coordinate[] cs, Envelope box, double k, double scale) {
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < cs.length; i++) {
            double x = (cs[i].x - box.getMinX()) * k * scale;
            double y = HEIGHT - (cs[i].y - box.getMinY()) * scale;
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        return p;
    }

    private static byte[] png(BufferedImage img) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
