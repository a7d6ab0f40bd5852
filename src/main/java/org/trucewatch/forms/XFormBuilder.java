package org.trucewatch.forms;

import static org.trucewatch.markup.XmlDocument.lineBreak;
import static org.trucewatch.markup.XmlDocument.textElement;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.trucewatch.markup.XmlDocument;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * Writes the report form of one mechanism as an ODK XForm (https://getodk.github.io/xforms-spec/):
 * the mechanism's categories and parties as choices, every label in the taxonomy's
 * languages through {@code itext} ("Languages" in the spec), and {@code meta/instanceID}
 * filled once by {@code jr:preload="uid"} ("Preload attributes", "Metadata"), which becomes
 * the report's clientReportId. Shaped as pyxform writes it so that ODK Collect can edit a
 * sent instance: a preload keeps the id when a saved form is reopened (a {@code calculate}
 * of {@code uuid()} would change it); {@code meta/deprecatedID} is not declared, because
 * the client adds it to the instance when it edits one; and {@code <submission
 * odk:client-editable="true"/>} ("Submission attribute") tells Collect it may. The layout ({@code h:html/h:head/model/instance/bind}, {@code h:body}),
 * the prefixes and the line breaks are fixed: clients compare forms by their MD5.
 */
final class XFormBuilder {
    static final String ROOT = "data";
    static final String XFORMS = "http://www.w3.org/2002/xforms";
    static final String XHTML = "http://www.w3.org/1999/xhtml";
    static final String JR = "http://openrosa.org/javarosa";
    static final String ORX = "http://openrosa.org/xforms";
    static final String ODK = "http://www.opendatakit.org/xforms";
    private static final Map<String, String> LANGUAGE_NAMES = Map.of("en", "English", "fr", "French",
            "es", "Spanish", "ar", "Arabic");

    private XFormBuilder() {
    }

    static String formId(String mechanism) {
        return "trucewatch-" + mechanism;
    }

    /** Changes when the protocol or the taxonomy does, so clients fetch the new form. */
    static String version(MechanismProtocol protocol, Taxonomy taxonomy) {
        return protocol.version() + "-" + taxonomy.version().substring(taxonomy.version().lastIndexOf('/') + 1);
    }

    static String build(MechanismProtocol protocol, Taxonomy taxonomy) {
        return XmlDocument.toText(x -> {
            x.setPrefix("h", XHTML);
            x.setPrefix("odk", ODK);
            x.setDefaultNamespace(XFORMS);
            x.writeStartElement("h", "html", XHTML);
            x.writeDefaultNamespace(XFORMS);
            x.writeNamespace("h", XHTML);
            x.writeNamespace("jr", JR);
            x.writeNamespace("orx", ORX);
            x.writeNamespace("odk", ODK);
            lineBreak(x);
            x.writeStartElement(XHTML, "head");
            lineBreak(x);
            textElement(x, XHTML, "title", "TruceWatch report: " + protocol.name().getOrDefault("en", protocol.code()));
            lineBreak(x);
            x.writeStartElement(XFORMS, "model");
            x.writeAttribute(ODK, "xforms-version", "1.0.0");
            lineBreak(x);
            itext(x, protocol, taxonomy);
            instance(x, protocol, taxonomy);
            binds(x);
            x.writeEndElement();
            lineBreak(x);
            x.writeEndElement();
            lineBreak(x);
            XFormBody.write(x, protocol);
            x.writeEndElement();
        });
    }

    private static void itext(XMLStreamWriter x, MechanismProtocol protocol, Taxonomy taxonomy)
            throws XMLStreamException {
        List<String> languages = new ArrayList<>();
        taxonomy.document().path("languages").forEach(l -> languages.add(l.asText()));
        x.writeStartElement(XFORMS, "itext");
        lineBreak(x);
        for (String lang : languages) {
            x.writeStartElement(XFORMS, "translation");
            x.writeAttribute("lang", languageName(lang));
            if (lang.equals("en")) {
                x.writeAttribute("default", "true()");
            }
            lineBreak(x);
            for (FormQuestion q : FormQuestion.ALL) {
                text(x, path(q.name()) + ":label", q.label().get(lang));
            }
            for (MechanismProtocol.CategorySeverity c : protocol.categories()) {
                text(x, "category-" + c.code(), categoryLabel(taxonomy, c.code(), lang));
            }
            for (MechanismProtocol.Party p : protocol.parties()) {
                text(x, "party-" + p.code(), p.name() == null ? p.code()
                        : p.name().getOrDefault(lang, p.name().getOrDefault("en", p.code())));
            }
            x.writeEndElement();
            lineBreak(x);
        }
        x.writeEndElement();
        lineBreak(x);
    }

    private static void instance(XMLStreamWriter x, MechanismProtocol protocol, Taxonomy taxonomy)
            throws XMLStreamException {
        x.writeStartElement(XFORMS, "instance");
        lineBreak(x);
        x.writeStartElement(XFORMS, ROOT);
        x.writeAttribute("id", formId(protocol.code()));
        x.writeAttribute("version", version(protocol, taxonomy));
        lineBreak(x);
        for (FormQuestion q : FormQuestion.ALL) {
            x.writeEmptyElement(XFORMS, q.name());
            lineBreak(x);
        }
        x.writeStartElement(XFORMS, "meta");
        x.writeEmptyElement(XFORMS, "instanceID");
        x.writeEndElement();
        lineBreak(x);
        x.writeEndElement();
        lineBreak(x);
        x.writeEndElement();
        lineBreak(x);
    }

    private static void binds(XMLStreamWriter x) throws XMLStreamException {
        for (FormQuestion q : FormQuestion.ALL) {
            x.writeEmptyElement(XFORMS, "bind");
            x.writeAttribute("nodeset", path(q.name()));
            x.writeAttribute("type", q.type());
            if (q.required()) {
                x.writeAttribute("required", "true()");
            }
            if (q.constraint() != null) {
                x.writeAttribute("constraint", q.constraint());
            }
            lineBreak(x);
        }
        x.writeEmptyElement(XFORMS, "bind");
        x.writeAttribute("nodeset", "/data/meta/instanceID");
        x.writeAttribute("type", "string");
        x.writeAttribute("readonly", "true()");
        x.writeAttribute(JR, "preload", "uid");
        lineBreak(x);
        x.writeEmptyElement(XFORMS, "submission");
        x.writeAttribute("method", "post");
        x.writeAttribute(ODK, "client-editable", "true");
        lineBreak(x);
    }

    private static void text(XMLStreamWriter x, String id, String value) throws XMLStreamException {
        x.writeStartElement(XFORMS, "text");
        x.writeAttribute("id", id);
        textElement(x, XFORMS, "value", value);
        x.writeEndElement();
        lineBreak(x);
    }

    static String languageName(String code) {
        return LANGUAGE_NAMES.getOrDefault(code, code) + " (" + code + ")";
    }

    static String path(String name) {
        return "/" + ROOT + "/" + name;
    }

    private static String categoryLabel(Taxonomy taxonomy, String code, String lang) {
        for (JsonNode c : taxonomy.document().path("categories")) {
            if (c.path("code").asText().equals(code)) {
                return c.path("labels").path(lang).asText(c.path("labels").path("en").asText(code));
            }
        }
        return code;
    }
}
