package org.trucewatch.markup;

import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Every XML document the service writes (XForms, OpenRosa answers, KML) goes through the
 * JDK's StAX writer, which does the escaping: a UTF-8 XML 1.0 declaration and a line break,
 * the caller's root element, a final line break. The JDK writer passes characters that XML
 * 1.0 cannot carry at all (§2.2: controls other than tab, LF and CR; U+FFFE, U+FFFF) through
 * as they are, which would make the document unreadable; they are dropped on the way out.
 */
public final class XmlDocument {
    private static final int BUFFER = 1 << 16;

    private XmlDocument() {
    }

    /** The caller's part of a document: the root element and everything in it. */
    @FunctionalInterface
    public interface Content {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    /** The whole document as text (for small documents that are kept or hashed, such as an XForm). */
    public static String toText(Content content) {
        StringWriter text = new StringWriter(4096);
        try {
            write(text, content);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return text.toString();
    }

    /** Streams the document to {@code out} as UTF-8, in constant memory (exports can be large). */
    public static void write(OutputStream out, Content content) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
        write(writer, content);
    }

    /** {@code <name>text</name>} in {@code namespace}, whose prefix (or default) the document has bound. */
    public static void textElement(XMLStreamWriter xml, String namespace, String name, String text)
            throws XMLStreamException {
        xml.writeStartElement(namespace, name);
        xml.writeCharacters(text == null ? "" : text);
        xml.writeEndElement();
    }

    /** A line break between elements: insignificant to the readers, but part of the bytes some clients hash. */
    public static void lineBreak(XMLStreamWriter xml) throws XMLStreamException {
        xml.writeCharacters("\n");
    }

    /** The I/O failure behind a StAX failure (the client went away), so callers see what happened. */
    public static IOException ioException(XMLStreamException e) {
        return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }

    private static void write(Writer out, Content content) throws IOException {
        try {
            // The JDK's own implementation, whatever else is on the classpath: its output is what the tests pin.
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(new XmlCharsOnly(out));
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            content.write(xml);
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
            out.flush();
        } catch (XMLStreamException e) {
            throw ioException(e);
        }
    }

    /** Drops the characters XML 1.0 has no place for (§2.2, production Char); the rest passes unchanged. */
    static final class XmlCharsOnly extends FilterWriter {
        XmlCharsOnly(Writer out) {
            super(out);
        }

        static boolean allowed(char c) {
            return c >= 0x20 ? c != 0xFFFE && c != 0xFFFF : c == '\t' || c == '\n' || c == '\r';
        }

        @Override
        public void write(int c) throws IOException {
            if (allowed((char) c)) {
                out.write(c);
            }
        }

        @Override
        public void write(char[] chars, int off, int len) throws IOException {
            int from = off;
            for (int i = off; i < off + len; i++) {
                if (!allowed(chars[i])) {
                    out.write(chars, from, i - from);
                    from = i + 1;
                }
            }
            out.write(chars, from, off + len - from);
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            int from = off;
            for (int i = off; i < off + len; i++) {
                if (!allowed(s.charAt(i))) {
                    out.write(s, from, i - from);
                    from = i + 1;
                }
            }
            out.write(s, from, off + len - from);
        }
    }
}
