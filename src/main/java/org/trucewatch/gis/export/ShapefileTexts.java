package org.trucewatch.gis.export;

import java.io.BufferedWriter;
import org.trucewatch.markup.Csv;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;

/**
 * The sidecar of a zipped Shapefile, {@code <layer>_texts.csv}: DBF holds at most 254 bytes of
 * text a field, so every record whose text was cut there has a row here with its {@code id}
 * and the whole of every text field (RFC 4180, UTF-8, headed by the full field names; texts
 * exactly as stored, not neutralised for spreadsheets as the CSV export's are), for a join on {@code id} in QGIS or a spreadsheet. The file is in
 * the zip even when nothing was cut (then only its header).
 */
final class ShapefileTexts implements AutoCloseable {
    private final Writer out;
    private final List<LayerField> texts;

    ShapefileTexts(Path file, List<LayerField> fields) throws IOException {
        this.out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
        this.texts = fields.stream().filter(f -> f.type() == LayerField.Type.STRING).toList();
        out.write("id");
        for (LayerField field : texts) {
            out.write(',');
            out.write(field.name());
        }
        out.write("\r\n");
    }

    void add(LayerFeature f) throws IOException {
        out.write(Csv.quote(f.id()));
        for (LayerField field : texts) {
            out.write(',');
            Object v = f.properties().get(field.name());
            if (v != null) {
                out.write(Csv.quote(v.toString()));
            }
        }
        out.write("\r\n");
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
