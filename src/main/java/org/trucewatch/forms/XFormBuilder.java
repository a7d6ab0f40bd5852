package org.trucewatch.forms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.taxonomy.Taxonomy;

/**
 * Writes the report form of one mechanism as an ODK XForm (https://getodk.github.io/xforms-spec/):
 * the mechanism's categories and parties as choices, every label in the taxonomy's
 * languages through {@code itext} ("Languages" in the spec), and {@code meta/instanceID}
 * computed as {@code concat('uuid:', uuid())} ("Metadata"), which becomes the report's
 * clientReportId. {@code meta/deprecatedID} is left empty: clients that edit a sent
 * instance fill it.
 */
final class XFormBuilder {
    static final String ROOT = "data";
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
        List<String> languages = new ArrayList<>();
        taxonomy.document().path("languages").forEach(l -> languages.add(l.asText()));
        String title = "TruceWatch report: " + protocol.name().getOrDefault("en", protocol.code());
        StringBuilder x = new StringBuilder(32_000);
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<h:html xmlns=\"http://www.w3.org/2002/xforms\" xmlns:h=\"http://www.w3.org/1999/xhtml\"")
                .append(" xmlns:jr=\"http://openrosa.org/javarosa\" xmlns:orx=\"http://openrosa.org/xforms\"")
                .append(" xmlns:odk=\"http://www.opendatakit.org/xforms\">\n<h:head>\n<h:title>")
                .append(Xml.escape(title)).append("</h:title>\n<model odk:xforms-version=\"1.0.0\">\n<itext>\n");
        for (String lang : languages) {
            x.append("<translation lang=\"").append(Xml.escape(languageName(lang))).append('"')
                    .append(lang.equals("en") ? " default=\"true()\"" : "").append(">\n");
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
            x.append("</translation>\n");
        }
        x.append("</itext>\n<instance>\n<").append(ROOT).append(" id=\"").append(Xml.escape(formId(protocol.code())))
                .append("\" version=\"").append(Xml.escape(version(protocol, taxonomy))).append("\">\n");
        FormQuestion.ALL.forEach(q -> x.append("<").append(q.name()).append("/>\n"));
        x.append("<meta><instanceID/><deprecatedID/></meta>\n</").append(ROOT).append(">\n</instance>\n");
        for (FormQuestion q : FormQuestion.ALL) {
            x.append("<bind nodeset=\"").append(path(q.name())).append("\" type=\"").append(q.type()).append('"');
            if (q.required()) {
                x.append(" required=\"true()\"");
            }
            if (q.constraint() != null) {
                x.append(" constraint=\"").append(Xml.escape(q.constraint())).append('"');
            }
            x.append("/>\n");
        }
        x.append("<bind nodeset=\"/data/meta/instanceID\" type=\"string\" readonly=\"true()\"")
                .append(" calculate=\"concat('uuid:', uuid())\"/>\n")
                .append("<bind nodeset=\"/data/meta/deprecatedID\" type=\"string\"/>\n")
                .append("</model>\n</h:head>\n<h:body>\n");
        for (FormQuestion q : FormQuestion.ALL) {
            body(x, q, protocol);
        }
        return x.append("</h:body>\n</h:html>\n").toString();
    }

    private static void body(StringBuilder x, FormQuestion q, MechanismProtocol protocol) {
        String label = "<label ref=\"jr:itext('" + path(q.name()) + ":label')\"/>";
        if (q.control().startsWith("upload:")) {
            x.append("<upload ref=\"").append(path(q.name())).append("\" mediatype=\"")
                    .append(q.control().substring("upload:".length())).append("\">").append(label).append("</upload>\n");
            return;
        }
        x.append('<').append(q.control()).append(" ref=\"").append(path(q.name())).append("\">").append(label);
        if (q.name().equals("category")) {
            protocol.categories().forEach(c -> item(x, "category-" + c.code(), c.code()));
        } else if (q.name().equals("alleged_parties")) {
            protocol.parties().forEach(p -> item(x, "party-" + p.code(), p.code()));
        }
        x.append("</").append(q.control()).append(">\n");
    }

    private static void item(StringBuilder x, String textId, String value) {
        x.append("<item><label ref=\"jr:itext('").append(Xml.escape(textId)).append("')\"/><value>")
                .append(Xml.escape(value)).append("</value></item>");
    }

    private static void text(StringBuilder x, String id, String value) {
        x.append("<text id=\"").append(Xml.escape(id)).append("\"><value>").append(Xml.escape(value))
                .append("</value></text>\n");
    }

    static String languageName(String code) {
        return LANGUAGE_NAMES.getOrDefault(code, code) + " (" + code + ")";
    }

    private static String path(String name) {
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
