package org.trucewatch.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Arabic in a report PDF is searchable text in logical order. PDFBox draws the glyphs that
 * ICU4J shaped, so the text behind them is Arabic presentation forms (U+FB50–U+FEFF), as in
 * every PDF that shapes without OpenType tables; a search tool reads them after compatibility
 * normalisation (NFKC), as this does. Reversed (visual order) text would not match.
 */
class ReportPdfTest {
    @Test
    void arabicComesOutOfThePdfInLogicalOrder() throws Exception {
        String label = "نيران غير مباشرة / قصف";
        String xhtml = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"ar\" dir=\"rtl\"><head>"
                + "<meta charset=\"utf-8\"/><style>body{font-family:'DejaVu Sans'}</style></head><body><p>" + label
                + "</p><table><tr><td>" + label + "</td><td>12</td></tr></table></body></html>\n";
        Path dir = Files.createDirectories(Path.of("target/report-pdf"));
        Files.write(dir.resolve("ar.pdf"), ReportRendering.pdf(xhtml));
        String words = arabicWords(logicalText(dir.resolve("ar.pdf")));
        assertThat(words).contains(arabicWords(label));
        assertThat(words).doesNotContain(arabicWords(new StringBuilder(label).reverse().toString()));
    }

    /**
     * The Arabic words of a text in order, one space apart: pdftotext places neutral characters
     * between right-to-left words (a slash, spaces) by their drawn position, so only the words
     * and their order are compared.
     */
    static String arabicWords(String text) {
        return text.replaceAll("[^\\p{IsArabic}]+", " ").strip();
    }

    /** What pdftotext finds, in NFKC and without the bidi controls it inserts around right-to-left runs. */
    static String logicalText(Path pdf) throws Exception {
        Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", pdf.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        return Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("[\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]", "");
    }
}
