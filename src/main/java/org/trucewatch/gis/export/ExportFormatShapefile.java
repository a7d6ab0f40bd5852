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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.locationtech.jts.geom.Geometry;
import org.trucewatch.gis.GeometryKind;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;

/**
 * A zipped Shapefile. A Shapefile holds one shape type, so the zip of a mixed layer holds three,
 * named as the per-kind layers: {@code <layer>_points}, {@code <layer>_lines} and
 * {@code <layer>_areas}, each with .shp, .shx, .dbf (UTF-8, said by the .cpg), .prj (WGS 84) —
 * always all three, empty or not, so scripts find the same files every time; the zip of a
 * per-kind layer ({@code reports-points}) holds its one. DBF field names are the fields'
 * 10-character short names (docs/gis.md). Text longer than its column (254 bytes at most) is
 * cut in the DBF, the record's {@value #CUT} field names the cut columns, and the whole texts of
 * such a record are in {@code <layer>_texts.csv} ({@link ShapefileTexts}), joined by {@code id}:
 * nothing is lost, and nothing is cut without a mark.
 */
@Singleton
class ExportFormatShapefile implements ExportFormat {
    static final String PRJ = "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
            + "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    /** The DBF field naming a record's cut columns (comma-separated DBF names; empty when none is cut). */
    static final String CUT = "cut_fields";

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
            List<GeometryKind> kinds = source.layer().geometryKind().map(List::of)
                    .orElse(List.of(GeometryKind.values()));
            String[] names = kinds.stream().map(k -> fileName(source, k)).toArray(String[]::new);
            DBFField[] columns = columns(source.fields());
            ShapeFileWriter[] shapes = new ShapeFileWriter[names.length];
            DBFWriter[] tables = new DBFWriter[names.length];
            String texts = baseName(source) + "_texts.csv";
            try (ShapefileTexts sidecar = new ShapefileTexts(dir.resolve(texts), source.fields())) {
                for (int i = 0; i < names.length; i++) {
                    shapes[i] = new ShapeFileWriter(dir.resolve(names[i]), TYPES[kinds.get(i).ordinal()]);
                    tables[i] = new DBFWriter(dir.resolve(names[i] + ".dbf").toFile(), StandardCharsets.UTF_8);
                    tables[i].setFields(columns);
                }
                source.forEach(f -> {
                    Geometry g = f.geometry();
                    if (g == null) {
                        return;
                    }
                    int i = kinds.indexOf(GeometryKind.of(g));
                    if (i < 0) {
                        return;
                    }
                    shapes[i].write(g);
                    tables[i].addRecord(record(f, source.fields(), sidecar));
                });
            } finally {
                for (int i = 0; i < names.length; i++) {
                    if (shapes[i] != null) {
                        shapes[i].close();
                    }
                    if (tables[i] != null) {
                        tables[i].close();
                    }
                }
            }
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(texts));
            Files.copy(dir.resolve(texts), zip);
            zip.closeEntry();
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

    private static final int[] TYPES = {ShapeFileWriter.POINT, ShapeFileWriter.POLYLINE, ShapeFileWriter.POLYGON};

    /** The file stem of the layer: its id with {@code _} for {@code -} ({@code reports-points} → {@code reports_points}). */
    static String baseName(ExportSource source) {
        return source.name().replace('-', '_');
    }

    /** {@code <layer>_points} … for a mixed layer; the per-kind layer's own name for one of those. */
    static String fileName(ExportSource source, GeometryKind kind) {
        return source.layer().geometryKind().isPresent() ? baseName(source) : baseName(source) + "_" + kind.suffix();
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
        columns.add(new DBFField(CUT, DBFDataType.CHARACTER, 254));
        return columns.toArray(DBFField[]::new);
    }

    private static Object[] record(LayerFeature f, List<LayerField> fields, ShapefileTexts sidecar) throws IOException {
        Object[] row = new Object[fields.size() + 2];
        row[0] = f.id();
        StringBuilder cut = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            LayerField field = fields.get(i);
            Object v = f.properties().get(field.name());
            row[i + 1] = switch (field.type()) {
                case STRING -> v == null ? null : cut(v.toString(), field.width());
                case DATETIME -> v == null ? null : LayerFeature.utc((OffsetDateTime) v);
                default -> v;
            };
            if (v != null && field.type() == LayerField.Type.STRING && !v.toString().equals(row[i + 1])) {
                cut.append(cut.length() == 0 ? "" : ",").append(field.shortName());
            }
        }
        row[fields.size() + 1] = cut.toString();
        if (cut.length() > 0) {
            sidecar.add(f);
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
