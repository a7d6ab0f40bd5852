package org.trucewatch.gis.export;

import com.linuxense.javadbf.DBFDataType;
import com.linuxense.javadbf.DBFField;
import com.linuxense.javadbf.DBFWriter;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;

/**
 * A zipped Shapefile. A Shapefile holds one shape type, so the zip holds three:
 * {@code <layer>_points}, {@code <layer>_lines} and {@code <layer>_polygons}, each with .shp,
 * .shx, .dbf (UTF-8, said by the .cpg), .prj (WGS 84) — always all three, empty or not, so
 * scripts find the same files every time. DBF field names are the fields' 10-character short
 * names (docs/gis.md); text longer than the column (254 bytes at most) is cut.
 */
@Singleton
class ExportFormatShapefile implements ExportFormat {
    static final String PRJ = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
            + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    @Override
    public String extension() {
        return "shp.zip";
    }

    @Override
    public String mediaType() {
        return "application/zip";
    }

    @Override
    public void write(ExportSource source, OutputStream out) throws IOException {
        Path dir = Files.createTempDirectory("trucewatch-shp-");
        try {
            String[] names = {source.name() + "_points", source.name() + "_lines", source.name() + "_polygons"};
            int[] types = {ShapeFileWriter.POINT, ShapeFileWriter.POLYLINE, ShapeFileWriter.POLYGON};
            DBFField[] columns = columns(source.fields());
            ShapeFileWriter[] shapes = new ShapeFileWriter[3];
            DBFWriter[] tables = new DBFWriter[3];
            try {
                for (int i = 0; i < 3; i++) {
                    shapes[i] = new ShapeFileWriter(dir.resolve(names[i]), types[i]);
                    tables[i] = new DBFWriter(dir.resolve(names[i] + ".dbf").toFile(), StandardCharsets.UTF_8);
                    tables[i].setFields(columns);
                }
                source.forEach(f -> {
                    Geometry g = f.geometry();
                    if (g == null) {
                        return;
                    }
                    int kind = g instanceof Polygonal ? 2 : g instanceof Lineal ? 1 : 0;
                    shapes[kind].write(g);
                    tables[kind].addRecord(record(f, source.fields()));
                });
            } finally {
                for (int i = 0; i < 3; i++) {
                    if (shapes[i] != null) {
                        shapes[i].close();
                    }
                    if (tables[i] != null) {
                        tables[i].close();
                    }
                }
            }
            ZipOutputStream zip = new ZipOutputStream(out);
            for (String name : names) {
                Files.writeString(dir.resolve(name + ".prj"), PRJ);
                Files.writeString(dir.resolve(name + ".cpg"), "UTF-8");
                for (String ext : new String[] {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
                    zip.putNextEntry(new ZipEntry(name + ext));
                    Files.copy(dir.resolve(name + ext), zip);
                    zip.closeEntry();
                }
            }
            zip.finish();
            zip.flush();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static DBFField[] columns(List<LayerField> fields) {
        List<DBFField> columns = new ArrayList<>();
        columns.add(new DBFField("id", DBFDataType.CHARACTER, 36));
        for (LayerField field : fields) {
            columns.add(switch (field.type()) {
                case STRING -> new DBFField(field.shortName(), DBFDataType.CHARACTER, field.width());
                case INTEGER -> new DBFField(field.shortName(), DBFDataType.NUMERIC, 11, 0);
                case DOUBLE -> new DBFField(field.shortName(), DBFDataType.NUMERIC, 19, 7);
                case DATETIME -> new DBFField(field.shortName(), DBFDataType.CHARACTER, 32);
            });
        }
        return columns.toArray(DBFField[]::new);
    }

    private static Object[] record(LayerFeature f, List<LayerField> fields) {
        Object[] row = new Object[fields.size() + 1];
        row[0] = f.id();
        for (int i = 0; i < fields.size(); i++) {
            LayerField field = fields.get(i);
            Object v = f.properties().get(field.name());
            row[i + 1] = switch (field.type()) {
                case STRING -> v == null ? null : cut(v.toString(), field.width());
                case DATETIME -> v == null ? null : ((OffsetDateTime) v).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                default -> v;
            };
        }
        return row;
    }

    /** At most {@code bytes} bytes of UTF-8, cut at a character boundary. */
    static String cut(String text, int bytes) {
        if (text.length() * 3 <= bytes || text.getBytes(StandardCharsets.UTF_8).length <= bytes) {
            return text;
        }
        int used = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + size > bytes) {
                break;
            }
            used += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end);
    }
}
