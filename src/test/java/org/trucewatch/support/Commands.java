package org.trucewatch.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Outside checkers (poppler's pdfinfo, pdftotext, pdfimages, …) run as a test runs them: in a folder, a minute at most. */
public final class Commands {
    private Commands() {
    }

    /** The command's output (stdout and stderr); fails the test unless it exits 0 within a minute. */
    public static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /**
     * A PDF's text as pdftotext gives it, with the typographic ligatures the PDF renderer drew
     * (ff, fi, fl, ffi, ffl, ſt, st: U+FB00 to U+FB06) written out as their letters: a random
     * value such as "1d85ff3c" is drawn with the "ff" ligature, and a reader's search finds it.
     */
    public static String withoutLigatures(String text) {
        return text.replace("\uFB00", "ff").replace("\uFB01", "fi").replace("\uFB02", "fl").replace("\uFB03", "ffi")
                .replace("\uFB04", "ffl").replace("\uFB05", "st").replace("\uFB06", "st");
    }
}
