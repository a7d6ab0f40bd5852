package org.trucewatch.markup;

import com.openhtmltopdf.bidi.support.ICUBidiReorderer;
import com.openhtmltopdf.bidi.support.ICUBidiSplitter;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one way the service writes a PDF: openhtmltopdf from well-formed XHTML, with DejaVu Sans
 * embedded (it has Arabic glyphs) and Arabic split, reordered and shaped by ICU4J. Used by the
 * issued reports (reports) and the meeting pack (queues).
 */
public final class Pdf {
    /** Debian's fonts-dejavu-core (installed by bin/trucewatch and docker/Dockerfile): it has Arabic glyphs. */
    public static final String FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private Pdf() {
    }

    /** The PDF of an XHTML document whose styles name {@code 'DejaVu Sans'}; images as data: URIs. */
    public static byte[] of(String xhtml) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PdfRendererBuilder b = new PdfRendererBuilder();
            b.useFastMode();
            b.useFont(new File(FONT), "DejaVu Sans");
            b.useUnicodeBidiSplitter(new ICUBidiSplitter.ICUBidiSplitterFactory());
            b.useUnicodeBidiReorderer(new ICUBidiReorderer());
            b.withHtmlContent(xhtml, null);
            b.toStream(out);
            b.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
