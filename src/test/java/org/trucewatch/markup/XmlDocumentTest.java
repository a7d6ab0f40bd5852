package org.trucewatch.markup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XmlDocumentTest {
    static final String NS = "urn:test";

    static String doc(String text, String attribute) {
        return XmlDocument.toText(x -> {
            x.setDefaultNamespace(NS);
            x.writeStartElement(NS, "root");
            x.writeDefaultNamespace(NS);
            x.writeAttribute("a", attribute);
            XmlDocument.textElement(x, NS, "t", text);
            x.writeEndElement();
        });
    }

    @Test
    void aDocumentHasTheDeclarationTheRootAndLineBreaks() {
        assertThat(doc("x", "y")).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<root xmlns=\"urn:test\" a=\"y\"><t>x</t></root>\n");
    }

    @Test
    void markupInValuesIsEscaped() {
        assertThat(doc("a & b < c > d \"e\"", "q\"<&>"))
                .contains("a=\"q&quot;&lt;&amp;&gt;\"").contains("<t>a &amp; b &lt; c &gt; d \"e\"</t>");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NUL                   | 0000
            a control character   | 0001
            backspace             | 0008
            vertical tab          | 000B
            form feed             | 000C
            unit separator        | 001F
            U+FFFE                | FFFE
            U+FFFF                | FFFF
            """)
    void charactersXmlCannotCarryAreDropped(String what, String hex) {
        String c = String.valueOf((char) Integer.parseInt(hex, 16));
        assertThat(doc("a" + c + "b", "c" + c + "d")).contains("<t>ab</t>").contains("a=\"cd\"");
    }

    @Test
    void tabsLineBreaksAndCharactersBeyondTheBasicPlaneAreKept() {
        assertThat(doc("a\tb\nc\rd \uD83D\uDE00 é", "x")).contains("<t>a\tb\nc\rd \uD83D\uDE00 é</t>");
    }

    @Test
    void aStreamedDocumentIsUtf8AndTheSameAsTheText() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XmlDocument.write(out, x -> {
            x.writeStartElement("r");
            x.writeCharacters("\u0627\u0644 \u0001 é");
            x.writeEndElement();
        });
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\u0627\u0644  é</r>\n");
    }
}
