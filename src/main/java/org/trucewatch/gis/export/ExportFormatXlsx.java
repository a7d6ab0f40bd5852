package org.trucewatch.gis.export;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;

/**
 * The attribute table as an Excel workbook (Office Open XML, ECMA-376), for analysts without a
 * GIS: one sheet named after the layer, a frozen header row, then per feature {@code id},
 * {@code lon}, {@code lat} (the CSV's representative point), {@code crs}, and the attributes —
 * the CSV's columns less the WKT (a zone's WKT can pass Excel's 32,767 characters a cell).
 * Numbers are numbers, times are date cells in UTC, text is text (a cell is never a formula,
 * so no formula injection). Written by dhatim's fastexcel, which streams rows out as they come
 * (strings inline, so no shared-string table grows in memory).
 */
@Singleton
class ExportFormatXlsx implements ExportFormat {
    /** Excel's limit for the text of one cell (longer text is cut there; nothing in these layers comes near it). */
    static final int CELL_LIMIT = 32_767;
    private static final int FLUSH_EVERY = 1_000;
    private static final String DATE = "yyyy-mm-dd hh:mm:ss";

    @Override
    public String extension() {
        return "xlsx";
    }

    @Override
    public String mediaType() {
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }

    @Override
    public void write(ExportSource source, OutputStream out) throws IOException {
        Workbook book = new Workbook(out, "TruceWatch", "1.0");
        Worksheet sheet = book.newWorksheet(sheetName(source.name()));
        List<LayerField> fields = source.fields();
        String[] head = {"id", "lon", "lat", "crs"};
        for (int c = 0; c < head.length; c++) {
            sheet.inlineString(0, c, head[c]);
        }
        for (int i = 0; i < fields.size(); i++) {
            sheet.inlineString(0, head.length + i, fields.get(i).name());
        }
        sheet.range(0, 0, 0, head.length + fields.size() - 1).style().bold().set();
        sheet.freezePane(0, 1);
        int[] row = {0};
        source.forEach(f -> {
            int r = ++row[0];
            sheet.inlineString(r, 0, f.id());
            Geometry g = f.geometry();
            if (g != null) {
                Point p = g instanceof Point point ? point : g.getInteriorPoint();
                sheet.value(r, 1, Double.valueOf(ExportFormatCsv.number(p.getX())));
                sheet.value(r, 2, Double.valueOf(ExportFormatCsv.number(p.getY())));
                sheet.inlineString(r, 3, ExportFormatCsv.CRS);
            }
            for (int i = 0; i < fields.size(); i++) {
                cell(sheet, r, head.length + i, f.properties().get(fields.get(i).name()));
            }
            if (r % FLUSH_EVERY == 0) {
                sheet.flush();
            }
        });
        book.finish();
        out.flush();
    }

    private static void cell(Worksheet sheet, int r, int c, Object v) {
        if (v == null) {
            return;
        }
        if (v instanceof OffsetDateTime t) {
            sheet.value(r, c, t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            sheet.style(r, c).format(DATE).set();
        } else if (v instanceof Number n) {
            sheet.value(r, c, n);
        } else {
            String text = v.toString();
            sheet.inlineString(r, c, text.length() > CELL_LIMIT ? text.substring(0, CELL_LIMIT) : text);
        }
    }

    /** Excel sheet names: at most 31 characters, none of {@code []:*?/\}. */
    static String sheetName(String layer) {
        String name = layer.replaceAll("[\\[\\]:*?/\\\\]", "_");
        return name.length() > 31 ? name.substring(0, 31) : name;
    }
}
