package org.trucewatch.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.category.DefaultCategoryDataset;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.trucewatch.geo.MapSketch;
import org.trucewatch.geo.Wgs84;

/**
 * The report's two pictures, drawn on the server as PNG from the stored content only: the daily
 * series as a bar chart (JFreeChart), and a small map of the zones' outlines and the period's
 * incidents, drawn by the shared {@link MapSketch} (hand-written Java2D: no Maven Central library
 * renders a map without GeoTools). Both are deterministic for the same content.
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

    static byte[] map(JsonNode zones, JsonNode points) {
        WKTReader reader = new WKTReader();
        List<Geometry> outlines = new ArrayList<>();
        try {
            for (JsonNode z : zones) {
                outlines.add(reader.read(z.path("wkt").asText()));
            }
        } catch (ParseException e) {
            throw new IllegalStateException("a stored zone outline is not WKT", e);
        }
        List<Geometry> dots = new ArrayList<>();
        // [lon, lat] pairs; reports issued before the points were stored compactly hold {lon, lat, …} per incident.
        points.forEach(i -> dots.add(Wgs84.FACTORY.createPoint(i.isArray()
                ? new Coordinate(i.path(0).asDouble(), i.path(1).asDouble())
                : new Coordinate(i.path("lon").asDouble(), i.path("lat").asDouble()))));
        return MapSketch.png(WIDTH, HEIGHT, null, outlines, dots);
    }

    private static byte[] png(BufferedImage img) {
        return MapSketch.png(img);
    }
}
