package org.trucewatch.gis.export;

import jakarta.inject.Singleton;
import org.trucewatch.markup.Csv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.WKTWriter;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;

/**
 * CSV (RFC 4180, UTF-8, CRLF): {@code id}, {@code WKT} (the geometry, CRS84, 7 decimals), then
 * {@code lon} and {@code lat} of one representative point (the point itself; for a line or a
 * polygon a point guaranteed to lie on it, JTS's interior point — not the centroid, which
 * can fall outside a curved line or a concave area), {@code crs} naming the CRS of both
 * ({@value #CRS}), then the attributes, times in UTC. Text attributes a spreadsheet would run
 * as a formula are neutralised (see {@link org.trucewatch.markup.Csv#text}). With {@code bom=true} the file starts with
 * a UTF-8 byte order mark, without which Excel reads UTF-8 as the local code page.
 */
@Singleton
class ExportFormatCsv implements ExportFormat {
    /** The CRS of {@code WKT}, {@code lon}, {@code lat}: WGS 84, longitude first (OGC 18-058r1 names it so; PROJ knows it). */
    static final String CRS = "OGC:CRS84";

    @Override
    public String extension() {
        return "csv";
    }

    @Override
    public String mediaType() {
        return "text/csv; charset=utf-8";
    }

    @Override
    public void write(ExportSource source, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        if (source.byteOrderMark()) {
            w.write('\uFEFF');
        }
        WKTWriter wkt = new WKTWriter(2);
        wkt.setPrecisionModel(new PrecisionModel(1e7));
        w.write("id,WKT,lon,lat,crs");
        for (LayerField field : source.fields()) {
            w.write(',');
            w.write(field.name());
        }
        w.write("\r\n");
        source.forEach(f -> {
            w.write(f.id());
            w.write(',');
            Geometry g = f.geometry();
            if (g != null) {
                w.write('"');
                w.write(wkt.write(g));
                w.write('"');
                Point p = g instanceof Point point ? point : g.getInteriorPoint();
                w.write(',');
                w.write(number(p.getX()));
                w.write(',');
                w.write(number(p.getY()));
                w.write(',');
                w.write(CRS);
            } else {
                w.write(",,,");
            }
            for (LayerField field : source.fields()) {
                w.write(',');
                Object v = f.properties().get(field.name());
                if (v != null) {
                    w.write(cell(field, v));
                }
            }
            w.write("\r\n");
        });
        w.flush();
    }

    static String number(double v) {
        return String.valueOf(Math.round(v * 1e7) / 1e7);
    }

    /** A value as its field's type writes it: only text can be taken for a formula, so only text is neutralised. */
    static String cell(LayerField field, Object value) {
        if (value instanceof OffsetDateTime t) {
            return Csv.quote(LayerFeature.utc(t));
        }
        String text = String.valueOf(value);
        return field.type() == LayerField.Type.STRING ? Csv.text(text) : Csv.quote(text);
    }
}
