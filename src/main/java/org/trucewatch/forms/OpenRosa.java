package org.trucewatch.forms;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.util.List;
import org.trucewatch.markup.XmlDocument;

/**
 * What the OpenRosa APIs put on every answer: {@code X-OpenRosa-Version: 1.0}
 * (OpenRosa Request header spec), the response message document of the Form Submission API
 * ({@code <OpenRosaResponse xmlns="http://openrosa.org/http/response">}) and the form list
 * of the Form List API ({@code <xforms xmlns="http://openrosa.org/xforms/xformsList">}).
 */
final class OpenRosa {
    static final String VERSION_HEADER = "X-OpenRosa-Version";
    static final String VERSION = "1.0";
    static final String XML = "text/xml; charset=utf-8";
    static final String RESPONSE = "http://openrosa.org/http/response";
    static final String FORM_LIST = "http://openrosa.org/xforms/xformsList";

    private OpenRosa() {
    }

    static MutableHttpResponse<String> message(HttpStatus status, String message) {
        String body = XmlDocument.toText(x -> {
            x.setDefaultNamespace(RESPONSE);
            x.writeStartElement(RESPONSE, "OpenRosaResponse");
            x.writeDefaultNamespace(RESPONSE);
            x.writeStartElement(RESPONSE, "message");
            x.writeAttribute("nature", status.getCode() < 300 ? "submit_success" : "error");
            x.writeCharacters(message == null ? "" : message);
            x.writeEndElement();
            x.writeEndElement();
        });
        return HttpResponse.<String>status(status).contentType(XML).header(VERSION_HEADER, VERSION).body(body);
    }

    /**
     * The Form List API's list of {@code forms}, each downloaded from {@code base/forms/<formID>.xml}.
     * No manifestUrl: the forms have no media files of their own (the API asks for one only "if
     * the form has media").
     */
    static String formList(List<FormCatalogue.Form> forms, String base) {
        return XmlDocument.toText(x -> {
            x.setDefaultNamespace(FORM_LIST);
            x.writeStartElement(FORM_LIST, "xforms");
            x.writeDefaultNamespace(FORM_LIST);
            XmlDocument.lineBreak(x);
            for (FormCatalogue.Form f : forms) {
                x.writeStartElement(FORM_LIST, "xform");
                XmlDocument.textElement(x, FORM_LIST, "formID", f.formId());
                XmlDocument.textElement(x, FORM_LIST, "name", f.name());
                XmlDocument.textElement(x, FORM_LIST, "version", f.version());
                XmlDocument.textElement(x, FORM_LIST, "hash", f.hash());
                XmlDocument.textElement(x, FORM_LIST, "downloadUrl", base + "/forms/" + f.formId() + ".xml");
                x.writeEndElement();
                XmlDocument.lineBreak(x);
            }
            x.writeEndElement();
        });
    }
}
