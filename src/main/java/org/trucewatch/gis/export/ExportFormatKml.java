package org.trucewatch.gis.export;

import jakarta.inject.Singleton;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.trucewatch.gis.LayerField;

/**
 * KML 2.2 (OGC 07-147r2) for Google Earth: one Placemark per feature, styled by the layer's
 * style fields (colour by the first, e.g. category; the second, e.g. status, varies line width
 * and icon size), attributes as typed ExtendedData (a Schema with SimpleFields).
 */
@Singleton
class ExportFormatKml implements ExportFormat {

    @Override
    public String extension() {
        return "kml";
    }

    @Override
    public String mediaType() {
        return "application/vnd.google-earth.kml+xml";
    }

    @Override
    public void write(ExportSource source, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        String name = source.name();
        w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>");
        w.write("<name>" + text(source.layer().title()) + "</name>\n");
        KmlStyles styles = KmlStyles.of(source.layer(), source.principal());
        styles.write(w);
        w.write("<Schema name=\"" + name + "\" id=\"" + name + "\">");
        w.write("<SimpleField type=\"string\" name=\"id\"/>");
        for (LayerField field : source.fields()) {
            w.write("<SimpleField type=\"" + type(field) + "\" name=\"" + field.name() + "\"><displayName>"
                    + text(field.title()) + "</displayName></SimpleField>");
        }
        w.write("</Schema>\n<Folder><name>" + name + "</name>\n");
        List<String> styleFields = source.layer().styleFields();
        source.forEach(f -> {
            w.write("<Placemark id=\"f-" + text(f.id()) + "\"><name>");
            w.write(text(styleFields.isEmpty() ? f.id() : String.valueOf(f.properties().getOrDefault(styleFields.get(0), f.id()))));
            w.write("</name><styleUrl>#" + styles.styleId(f) + "</styleUrl>");
            w.write("<ExtendedData><SchemaData schemaUrl=\"#" + name + "\"><SimpleData name=\"id\">" + text(f.id())
                    + "</SimpleData>");
            for (LayerField field : source.fields()) {
                Object v = f.properties().get(field.name());
                if (v != null) {
                    w.write("<SimpleData name=\"" + field.name() + "\">");
                    w.write(text(v instanceof OffsetDateTime t ? t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            : String.valueOf(v)));
                    w.write("</SimpleData>");
                }
            }
            w.write("</SchemaData></ExtendedData>");
            geometry(w, f.geometry());
            w.write("</Placemark>\n");
        });
        w.write("</Folder></Document></kml>\n");
        w.flush();
    }

    private static String type(LayerField field) {
        return switch (field.type()) {
            case INTEGER -> "int";
            case DOUBLE -> "double";
            default -> "string";
        };
    }

    private static void geometry(Writer w, Geometry g) throws IOException {
        if (g == null) {
            return;
        }
        if (g.getNumGeometries() > 1) {
            w.write("<MultiGeometry>");
            for (int i = 0; i < g.getNumGeometries(); i++) {
                geometry(w, g.getGeometryN(i));
            }
            w.write("</MultiGeometry>");
        } else if (g instanceof Point p) {
            w.write("<Point>");
            coordinates(w, p.getCoordinateSequence());
            w.write("</Point>");
        } else if (g instanceof Polygon p) {
            w.write("<Polygon><outerBoundaryIs><LinearRing>");
            coordinates(w, p.getExteriorRing().getCoordinateSequence());
            w.write("</LinearRing></outerBoundaryIs>");
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                w.write("<innerBoundaryIs><LinearRing>");
                coordinates(w, p.getInteriorRingN(i).getCoordinateSequence());
                w.write("</LinearRing></innerBoundaryIs>");
            }
            w.write("</Polygon>");
        } else if (g instanceof LineString l) {
            w.write("<LineString><tessellate>1</tessellate>");
            coordinates(w, l.getCoordinateSequence());
            w.write("</LineString>");
        }
    }

    private static void coordinates(Writer w, CoordinateSequence seq) throws IOException {
        w.write("<coordinates>");
        for (int i = 0; i < seq.size(); i++) {
            if (i > 0) {
                w.write(' ');
            }
            w.write(String.valueOf(Math.round(seq.getX(i) * 1e7) / 1e7));
            w.write(',');
            w.write(String.valueOf(Math.round(seq.getY(i) * 1e7) / 1e7));
        }
        w.write("</coordinates>");
    }

    /** XML 1.0 character data: escaped, and characters XML cannot carry at all dropped. */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        if (c != 0xFFFE && c != 0xFFFF) {
                            b.append(c);
                        }
                    }
                }
            }
        }
        return b.toString();
    }
}
