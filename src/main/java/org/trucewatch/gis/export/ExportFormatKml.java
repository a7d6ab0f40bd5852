package org.trucewatch.gis.export;

import static org.trucewatch.markup.XmlDocument.lineBreak;
import static org.trucewatch.markup.XmlDocument.textElement;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.trucewatch.gis.LayerFeature;
import org.trucewatch.gis.LayerField;
import org.trucewatch.markup.XmlDocument;

/**
 * KML 2.2 (OGC 07-147r2) for Google Earth: one Placemark per feature, styled by the layer's
 * style fields (colour by the first, e.g. category; the second, e.g. status, varies line width
 * and icon size), attributes as typed ExtendedData (a Schema with SimpleFields). Streamed with
 * the JDK's StAX writer, one Placemark at a time.
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
            List<String> styleFields = source.layer().styleFields();
            source.forEach(f -> {
                try {
                    placemark(x, f, name, source.fields(), styleFields, styles);
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
                                  List<String> styleFields, KmlStyles styles) throws XMLStreamException {
        x.writeStartElement(KML, "Placemark");
        x.writeAttribute("id", "f-" + f.id());
        textElement(x, KML, "name", styleFields.isEmpty() ? f.id()
                : String.valueOf(f.properties().getOrDefault(styleFields.get(0), f.id())));
        textElement(x, KML, "styleUrl", "#" + styles.styleId(f));
        x.writeStartElement(KML, "ExtendedData");
        x.writeStartElement(KML, "SchemaData");
        x.writeAttribute("schemaUrl", "#" + schema);
        simpleData(x, "id", f.id());
        for (LayerField field : fields) {
            Object v = f.properties().get(field.name());
            if (v != null) {
                simpleData(x, field.name(),
                        v instanceof OffsetDateTime t ? t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) : String.valueOf(v));
            }
        }
        x.writeEndElement();
        x.writeEndElement();
        KmlGeometry.write(x, f.geometry());
        x.writeEndElement();
        lineBreak(x);
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
