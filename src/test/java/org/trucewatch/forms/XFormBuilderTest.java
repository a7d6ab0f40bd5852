package org.trucewatch.forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trucewatch.mechanisms.MechanismProtocol;
import org.trucewatch.support.TestProtocols;
import org.trucewatch.taxonomy.Taxonomy;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The XForm's fixed shape, as JavaRosa, Enketo and ODK Web Forms read it: the prefixes of the
 * root, the h:html/h:head/model/instance/bind/h:body layout, and values that survive any text.
 */
class XFormBuilderTest {
    static final Taxonomy TAXONOMY = new Taxonomy(new ObjectMapper());

    static MechanismProtocol protocol(Map<String, String> name, String partyName) throws Exception {
        MechanismProtocol p = new ObjectMapper().registerModule(new JavaTimeModule())
                .readValue(TestProtocols.lebanonLike("xform-test"), MechanismProtocol.class);
        return new MechanismProtocol(p.code(), p.version(), name, p.agreement(), p.chair(),
                List.of(new MechanismProtocol.Party("PARTY-A", Map.of("en", partyName)), p.parties().get(1)),
                p.observers(), p.levels(), p.categories(), p.violationRules(), p.deadlines(), p.duplicates(),
                p.referencePrefix(), p.timeZone(), p.smallCellThreshold(),
                p.dailyReport(), p.media());
    }

    static List<String> children(Element parent) {
        List<String> names = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                names.add(e.getTagName());
            }
        }
        return names;
    }

    static Element child(Element parent, String tagName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tagName)) {
                return e;
            }
        }
        throw new AssertionError("no " + tagName + " in " + parent.getTagName());
    }

    @Test
    void theRootDeclaresTheXFormsPrefixesAndTheDocumentKeepsItsLayout() throws Exception {
        String xml = XFormBuilder.build(protocol(Map.of("en", "Test"), "Party A"), TAXONOMY);
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<h:html xmlns=\"http://www.w3.org/2002/xforms\""
                + " xmlns:h=\"http://www.w3.org/1999/xhtml\" xmlns:jr=\"http://openrosa.org/javarosa\""
                + " xmlns:orx=\"http://openrosa.org/xforms\" xmlns:odk=\"http://www.opendatakit.org/xforms\">\n<h:head>\n")
                .endsWith("</h:body>\n</h:html>\n")
                .contains("<model odk:xforms-version=\"1.0.0\">\n<itext>\n<translation lang=\"English (en)\" default=\"true()\">\n")
                .contains("<bind nodeset=\"/data/meta/instanceID\" type=\"string\" readonly=\"true()\""
                        + " jr:preload=\"uid\"/>\n<submission method=\"post\" odk:client-editable=\"true\"/>\n")
                .doesNotContain("uuid()").doesNotContain("deprecatedID")
                .contains("<select1 ref=\"/data/category\"><label ref=\"jr:itext('/data/category:label')\"/><item>")
                .contains("<upload ref=\"/data/photo1\" mediatype=\"image/*\"><label ref=\"jr:itext('/data/photo1:label')\"/></upload>\n");

        Element root = FormInstance.parse(xml).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("h:html");
        assertThat(children(root)).containsExactly("h:head", "h:body");
        Element head = child(root, "h:head");
        assertThat(children(head)).containsExactly("h:title", "model");
        List<String> model = children(child(head, "model"));
        assertThat(model.subList(0, 2)).containsExactly("itext", "instance");
        assertThat(model.subList(2, model.size() - 1)).hasSize(FormQuestion.ALL.size() + 1).containsOnly("bind");
        assertThat(model.get(model.size() - 1)).isEqualTo("submission");
        Element data = child(child(child(head, "model"), "instance"), "data");
        assertThat(data.getNamespaceURI()).isEqualTo(FormInstance.XFORMS);
        assertThat(children(data)).hasSize(FormQuestion.ALL.size() + 1).endsWith("meta");
        assertThat(children(child(data, "meta"))).as("a client adds deprecatedID when it edits").containsExactly("instanceID");
        assertThat(children(child(root, "h:body"))).hasSize(FormQuestion.ALL.size());
    }

    @Test
    void anyTextInTheProtocolReadsBackAsWrittenLessWhatXmlCannotCarry() throws Exception {
        String hostile = "A & B <script> \"quoted\" 'single' ]]> \u0001\u0008 \uFFFE end";
        Document doc = FormInstance.parse(XFormBuilder.build(protocol(Map.of("en", hostile), hostile), TAXONOMY));

        String expected = "A & B <script> \"quoted\" 'single' ]]>   end";
        assertThat(doc.getElementsByTagNameNS(XFormBuilder.XHTML, "title").item(0).getTextContent())
                .isEqualTo("TruceWatch report: " + expected);
        Element english = (Element) doc.getElementsByTagNameNS(FormInstance.XFORMS, "translation").item(0);
        List<String> partyLabels = new ArrayList<>();
        for (Node n = english.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getAttribute("id").equals("party-PARTY-A")) {
                partyLabels.add(e.getTextContent());
            }
        }
        assertThat(partyLabels).containsExactly(expected);
    }
}
