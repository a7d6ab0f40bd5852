package org.trucewatch.gis.export;

import static org.trucewatch.gis.export.ExportFormatKml.KML;
import static org.trucewatch.markup.XmlDocument.lineBreak;
import static org.trucewatch.markup.XmlDocument.textElement;

import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.trucewatch.access.Principal;
import org.trucewatch.gis.Layer;
import org.trucewatch.gis.LayerFeature;

/**
 * The KML styles of a layer: one per value of its first style field (a colour from a fixed
 * palette, in the order of the allowed values, so a category keeps its colour across files)
 * times each value of the second (width and icon scale), plus a default for unknown values.
 */
final class KmlStyles {
    /** Colour-blind-safe qualitative palette (Okabe-Ito and Tol), KML's aabbggrr order. */
    private static final String[] PALETTE = {"ff0072b2", "ff009ee6", "ff73b409", "ff42e4f0", "ffb27200", "ff005ed5",
            "ffa779cc", "ff000000", "ff994477", "ff337722", "ff88ccdd", "ff3399aa", "ff6699cc", "ff998844"};

    private final List<String> first;
    private final List<String> second;
    private final String firstField;
    private final String secondField;

    private KmlStyles(String firstField, List<String> first, String secondField, List<String> second) {
        this.firstField = firstField;
        this.first = first;
        this.secondField = secondField;
        this.second = second;
    }

    /** Palette entry {@code i} (cyclic) as {@code #rrggbb}, for other outlets that colour by the same field. */
    static String rgb(int i) {
        String abgr = PALETTE[i % PALETTE.length];
        return "#" + abgr.substring(6, 8) + abgr.substring(4, 6) + abgr.substring(2, 4);
    }

    /** The styles for one reader: only the values they may learn of name a style. */
    static KmlStyles of(Layer layer, Principal reader) {
        List<String> fields = layer.styleFields();
        String f1 = fields.isEmpty() ? null : fields.get(0);
        String f2 = fields.size() > 1 ? fields.get(1) : null;
        return new KmlStyles(f1, f1 == null ? List.of() : layer.allowedValues(f1, reader), f2,
                f2 == null ? List.of() : layer.allowedValues(f2, reader));
    }

    void write(XMLStreamWriter x) throws XMLStreamException {
        List<String> seconds = new ArrayList<>(second);
        seconds.add(null);
        for (int i = -1; i < first.size(); i++) {
            for (int j = 0; j < seconds.size(); j++) {
                String colour = i < 0 ? "ff888888" : PALETTE[i % PALETTE.length];
                double scale = 1.0 + 0.2 * (seconds.get(j) == null ? 0 : j + 1);
                x.writeStartElement(KML, "Style");
                x.writeAttribute("id", id(i < 0 ? null : first.get(i), seconds.get(j)));
                x.writeStartElement(KML, "IconStyle");
                textElement(x, KML, "color", colour);
                textElement(x, KML, "scale", String.valueOf(scale));
                x.writeEndElement();
                x.writeStartElement(KML, "LineStyle");
                textElement(x, KML, "color", colour);
                textElement(x, KML, "width", String.valueOf(2 * scale));
                x.writeEndElement();
                x.writeStartElement(KML, "PolyStyle");
                textElement(x, KML, "color", "7f" + colour.substring(2));
                x.writeEndElement();
                x.writeEndElement();
                lineBreak(x);
            }
        }
    }

    String styleId(LayerFeature f) {
        Object v1 = firstField == null ? null : f.properties().get(firstField);
        Object v2 = secondField == null ? null : f.properties().get(secondField);
        return id(v1 != null && first.contains(v1.toString()) ? v1.toString() : null,
                v2 != null && second.contains(v2.toString()) ? v2.toString() : null);
    }

    private static String id(String v1, String v2) {
        return "s-" + (v1 == null ? "other" : v1) + (v2 == null ? "" : "-" + v2);
    }
}
