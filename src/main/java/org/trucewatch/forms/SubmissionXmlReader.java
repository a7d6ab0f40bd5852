package org.trucewatch.forms;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.trucewatch.problem.ProblemException;
import org.trucewatch.problem.ProblemType;

/**
 * Reads a submitted instance with the JDK's StAX parser, hardened against hostile XML
 * (OWASP XXE Prevention Cheat Sheet, "Java"): a document type declaration is refused
 * outright, so no internal entity can expand (billion laughs) and no external entity or
 * DTD is fetched (XXE); external access is switched off as well, in case a future JDK
 * reports the declaration differently. Size, depth, element count and text length are
 * bounded, and every fault is a 400 that names the problem, never a stack trace.
 */
final class SubmissionXmlReader {
    static final int MAX_BYTES = 256 * 1024;
    private static final int MAX_DEPTH = 8;
    private static final int MAX_ELEMENTS = 500;
    private static final int MAX_TEXT = 20_000;
    private static final XMLInputFactory FACTORY = factory();

    private SubmissionXmlReader() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    static SubmissionInstance read(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw malformed("the xml_submission_file part is empty");
        }
        if (xml.length > MAX_BYTES) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The xml_submission_file part is larger than " + MAX_BYTES / 1024 + " kB");
        }
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            return walk(r);
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            String where = e instanceof XMLStreamException x && x.getLocation() != null
                    ? " at line " + x.getLocation().getLineNumber() + ", column " + x.getLocation().getColumnNumber() : "";
            throw malformed("not well-formed XML" + where);
        } finally {
            close(r);
        }
    }

    private static SubmissionInstance walk(XMLStreamReader r) throws XMLStreamException {
        List<String> path = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        String formId = null;
        String version = null;
        int elements = 0;
        boolean leaf = false;
        while (r.hasNext()) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.DTD -> throw malformed("a document type declaration (DOCTYPE) is not allowed");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw malformed("entity references are not allowed");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++elements > MAX_ELEMENTS || path.size() >= MAX_DEPTH) {
                        throw malformed("the instance is nested too deeply or has too many elements");
                    }
                    if (path.isEmpty()) {
                        formId = r.getAttributeValue(null, "id");
                        version = r.getAttributeValue(null, "version");
                    }
                    path.add(r.getLocalName());
                    text.setLength(0);
                    leaf = true;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (text.length() + r.getTextLength() > MAX_TEXT) {
                        throw malformed("the value of " + String.join("/", path) + " is longer than " + MAX_TEXT);
                    }
                    text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (leaf && path.size() > 1) {
                        String key = String.join("/", path.subList(1, path.size()));
                        if (fields.putIfAbsent(key, text.toString()) != null) {
                            // The report form has no repeats: a second value would be silently dropped.
                            throw malformed("the element " + key + " appears more than once");
                        }
                    }
                    path.remove(path.size() - 1);
                    leaf = false;
                    text.setLength(0);
                }
                default -> {
                }
            }
        }
        if (formId == null) {
            throw malformed("the instance's root element has no id attribute (the formID)");
        }
        return new SubmissionInstance(formId, version, fields);
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(ProblemType.MALFORMED_XML, "xml_submission_file: " + detail);
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // Nothing to release beyond the byte array.
            }
        }
    }
}
