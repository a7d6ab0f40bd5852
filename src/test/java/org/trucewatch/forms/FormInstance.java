package org.trucewatch.forms;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A form instance filled the way a client fills it: the primary instance is copied out of
 * the downloaded XForm and its leaves are set, so a test submits what the form declares.
 */
final class FormInstance {
    static final String XFORMS = "http://www.w3.org/2002/xforms";
    private final Document instance;

    private FormInstance(Document instance) {
        this.instance = instance;
    }

    /** Parses XML as a careful client would (no DTDs); fails the test if it is not well-formed. */
    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder b = f.newDocumentBuilder();
            return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
        }
    }

    static FormInstance from(String xform) {
        Document form = parse(xform);
        Element instanceElement = (Element) form.getElementsByTagNameNS(XFORMS, "instance").item(0);
        Element data = firstElement(instanceElement);
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document copy = f.newDocumentBuilder().newDocument();
            copy.appendChild(copy.importNode(data, true));
            return new FormInstance(copy);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    FormInstance set(String path, String value) {
        Element e = instance.getDocumentElement();
        for (String step : path.split("/")) {
            e = child(e, step);
        }
        e.setTextContent(value);
        return this;
    }

    /**
     * What a client does when it edits a sent instance (ODK XForms spec, "Metadata"): the old
     * instanceID goes into {@code meta/deprecatedID}, which the form does not declare, and
     * the instance gets a new instanceID.
     */
    FormInstance deprecating(String oldInstanceId, String newInstanceId) {
        Element meta = child(instance.getDocumentElement(), "meta");
        Element deprecated = instance.createElementNS(meta.getNamespaceURI(), "deprecatedID");
        deprecated.setTextContent(oldInstanceId);
        meta.appendChild(deprecated);
        return set("meta/instanceID", newInstanceId);
    }

    String xml() {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(instance), new StreamResult(w));
            return w.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Element child(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element c && c.getLocalName().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("the form's instance has no " + name);
    }

    private static Element firstElement(Node parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        throw new AssertionError("empty instance");
    }
}
