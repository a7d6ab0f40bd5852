package org.trucewatch.forms;

import static org.trucewatch.forms.XFormBuilder.XFORMS;
import static org.trucewatch.forms.XFormBuilder.path;
import static org.trucewatch.markup.XmlDocument.lineBreak;
import static org.trucewatch.markup.XmlDocument.textElement;

import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.trucewatch.mechanisms.MechanismProtocol;

/**
 * The {@code h:body} of the report form: one control per {@link FormQuestion}, labelled
 * through {@code jr:itext} (ODK XForms spec, "Languages"), the category and party choices
 * as {@code item}s of their selects.
 */
final class XFormBody {
    private XFormBody() {
    }

    static void write(XMLStreamWriter x, MechanismProtocol protocol) throws XMLStreamException {
        x.writeStartElement(XFormBuilder.XHTML, "body");
        lineBreak(x);
        for (FormQuestion q : FormQuestion.ALL) {
            control(x, q, protocol);
        }
        x.writeEndElement();
        lineBreak(x);
    }

    private static void control(XMLStreamWriter x, FormQuestion q, MechanismProtocol protocol)
            throws XMLStreamException {
        boolean upload = q.control().startsWith("upload:");
        x.writeStartElement(XFORMS, upload ? "upload" : q.control());
        x.writeAttribute("ref", path(q.name()));
        if (upload) {
            x.writeAttribute("mediatype", q.control().substring("upload:".length()));
        }
        label(x, path(q.name()) + ":label");
        if (q.name().equals("category")) {
            for (MechanismProtocol.CategorySeverity c : protocol.categories()) {
                item(x, "category-" + c.code(), c.code());
            }
        } else if (q.name().equals("alleged_parties")) {
            for (MechanismProtocol.Party p : protocol.parties()) {
                item(x, "party-" + p.code(), p.code());
            }
        }
        x.writeEndElement();
        lineBreak(x);
    }

    private static void item(XMLStreamWriter x, String textId, String value) throws XMLStreamException {
        x.writeStartElement(XFORMS, "item");
        label(x, textId);
        textElement(x, XFORMS, "value", value);
        x.writeEndElement();
    }

    private static void label(XMLStreamWriter x, String textId) throws XMLStreamException {
        x.writeEmptyElement(XFORMS, "label");
        x.writeAttribute("ref", "jr:itext('" + textId + "')");
    }
}
