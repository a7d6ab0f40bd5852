package org.trucewatch.markup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            plain text                       | Tripartite meeting        | Tripartite meeting
            an element                       | <script>alert(1)</script> | &lt;script&gt;alert(1)&lt;/script&gt;
            an ampersand first, not twice    | &lt; & &amp;              | &amp;lt; &amp; &amp;amp;
            out of a double-quoted attribute | x" onmouseover="y         | x&quot; onmouseover=&quot;y
            out of a single-quoted attribute | x' onmouseover='y         | x&#39; onmouseover=&#39;y
            other text as it is              | `Résolution 1701 — ١٧٠١`  | `Résolution 1701 — ١٧٠١`
            """)
    void theFiveCharactersThatEndAValueOrStartMarkupAreEscaped(String what, String text, String escaped) {
        assertThat(Html.escape(text)).isEqualTo(escaped);
    }

    @ParameterizedTest(name = "nothing for {0}")
    @CsvSource({"null,", "empty,''"})
    void nothingIsWrittenForNothing(String what, String text) {
        assertThat(Html.escape(text)).isEmpty();
    }
}
