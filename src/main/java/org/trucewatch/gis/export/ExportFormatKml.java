package org.trucewatch.gis.export;

import static org.trucewatch.markup.XmlDocument.lineBreak;
import static org.trucewatch.markup.XmlDocument.textElement;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.time.OffsetDateTime;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;
import org.trucewatch.gis.LayerTimeFields;
import org.trucewatch.markup.XmlDocument;

/**
 * KML 2.2 (OGC 07-147r2) for Google Earth: one Placemark per feature, labelled by the layer's
 * label field (a zone's name, a report's category), styled by the layer's style fields (colour
 * by the first, e.g. category; the second, e.g. status, varies line width and icon size), placed
 * in time (§9.4 TimeStamp for an instant, §9.5 TimeSpan for an interval or a validity open at
 * its end, so Google Earth's time slider works), attributes as typed ExtendedData (a Schema with
 * SimpleFields), times in UTC. Streamed with the JDK's StAX writer, one Placemark at a time.
 */
@Singleton
class ExportFormatKml implements ExportFormat {
    static final String KML = "http://www.opengis.net/kml/2.2";

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
        String name = source.name();
        KmlStyles styles = KmlStyles.of(source.layer(), source.principal());
        XmlDocument.write(out, x -> {
            x.setDefaultNamespace(KML);
            x.writeStartElement(KML, "kml");
            x.writeDefaultNamespace(KML);
            x.writeStartElement(KML, "Document");
            textElement(x, KML, "name", source.layer().title());
            lineBreak(x);
            styles.write(x);
            schema(x, name, source.fields());
            x.writeStartElement(KML, "Folder");
            textElement(x, KML, "name", name);
            lineBreak(x);
            String label = source.layer().labelField();
            LayerTimeFields time = source.layer().timeFields();
            source.forEach(f -> {
                try {
                    placemark(x, f, name, source.fields(), label, time, styles);
                } catch (XMLStreamException e) {
                    throw XmlDocument.ioException(e);
                }
            });
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndElement();
        });
    }

    private static void schema(XMLStreamWriter x, String name, List<LayerField> fields) throws XMLStreamException {
        x.writeStartElement(KML, "Schema");
        x.writeAttribute("name", name);
        x.writeAttribute("id", name);
        x.writeEmptyElement(KML, "SimpleField");
        x.writeAttribute("type", "string");
        x.writeAttribute("name", "id");
        for (LayerField field : fields) {
            x.writeStartElement(KML, "SimpleField");
            x.writeAttribute("type", type(field));
            x.writeAttribute("name", field.name());
            textElement(x, KML, "displayName", field.title());
            x.writeEndElement();
        }
        x.writeEndElement();
        lineBreak(x);
    }

    private static void placemark(XMLStreamWriter x, LayerFeature f, String schema, List<LayerField> fields,
                                  String label, LayerTimeFields time, KmlStyles styles) throws XMLStreamException {
        x.writeStartElement(KML, "Placemark");
        x.writeAttribute("id", "f-" + f.id());
        Object name = label == null ? null : f.properties().get(label);
        textElement(x, KML, "name", name == null ? f.id() : String.valueOf(name));
        time(x, f, time);
        textElement(x, KML, "styleUrl", "#" + styles.styleId(f));
        x.writeStartElement(KML, "ExtendedData");
        x.writeStartElement(KML, "SchemaData");
        x.writeAttribute("schemaUrl", "#" + schema);
        simpleData(x, "id", f.id());
        for (LayerField field : fields) {
            Object v = f.properties().get(field.name());
            if (v != null) {
                simpleData(x, field.name(),
                        v instanceof OffsetDateTime t ? LayerFeature.utc(t) : String.valueOf(v));
            }
        }
        x.writeEndElement();
        x.writeEndElement();
        KmlGeometry.write(x, f.geometry());
        x.writeEndElement();
        lineBreak(x);
    }

    /** §9.4 / §9.5: an instant as a TimeStamp, an interval (or a validity without end) as a TimeSpan. */
    private static void time(XMLStreamWriter x, LayerFeature f, LayerTimeFields time) throws XMLStreamException {
        if (time == null || !(f.properties().get(time.start()) instanceof OffsetDateTime start)) {
            return;
        }
        Object end = f.properties().get(time.end());
        if (end instanceof OffsetDateTime until) {
            x.writeStartElement(KML, "TimeSpan");
            textElement(x, KML, "begin", LayerFeature.utc(start));
            textElement(x, KML, "end", LayerFeature.utc(until));
            x.writeEndElement();
        } else if (time.openEnded()) {
            x.writeStartElement(KML, "TimeSpan");
            textElement(x, KML, "begin", LayerFeature.utc(start));
            x.writeEndElement();
        } else {
            x.writeStartElement(KML, "TimeStamp");
            textElement(x, KML, "when", LayerFeature.utc(start));
            x.writeEndElement();
        }
    }

    private static void simpleData(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeStartElement(KML, "SimpleData");
        x.writeAttribute("name", name);
        x.writeCharacters(value);
        x.writeEndElement();
    }

    private static String type(LayerField field) {
        return switch (field.type()) {
            case INTEGER -> "int";
            case DOUBLE -> "double";
            default -> "string";
        };
    }
}
